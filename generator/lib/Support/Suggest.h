//===- Suggest.h - Did-you-mean for misspelled names ----------*- C++ -*-===//
#ifndef TELEGEN_SUPPORT_SUGGEST_H
#define TELEGEN_SUPPORT_SUGGEST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace telegen {

/// The candidate closest to a misspelled word, or "" when none is close
/// enough to be a likely typo. Case is ignored, and a candidate the word
/// abbreviates ('WARN' for 'WARNING') counts as close.
llvm::StringRef closestSpelling(llvm::StringRef Word,
                                llvm::ArrayRef<llvm::StringRef> Candidates);

} // namespace telegen

#endif
