//===- SourcePaths.h - Absolute names of source files -----------*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_SOURCEPATHS_H
#define TELEGEN_INSTRUMENT_SOURCEPATHS_H

#include "clang/Basic/SourceManager.h"

#include <string>

namespace telegen {

/// Name made absolute and without "." or ".." components: the form telegen
/// uses to identify files and to name them in #line directives.
std::string absolutePath(const clang::SourceManager &SM, llvm::StringRef Name);

/// The absolute path of the file holding Loc's expansion, or "" when it is
/// not in a file.
std::string absoluteFilePath(const clang::SourceManager &SM,
                             clang::SourceLocation Loc);

} // namespace telegen

#endif
