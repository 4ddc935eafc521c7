//===- UnifiedDiff.h - Show what a rewrite changes --------------*- C++ -*-===//
#ifndef TELEGEN_SUPPORT_UNIFIEDDIFF_H
#define TELEGEN_SUPPORT_UNIFIEDDIFF_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace telegen {

/// A unified diff (as `diff -u` prints it, 3 lines of context) from Before to
/// After, labelled with the two names. Empty when the texts are equal.
std::string unifiedDiff(llvm::StringRef Before, llvm::StringRef After,
                        llvm::StringRef BeforeName, llvm::StringRef AfterName);

} // namespace telegen

#endif
