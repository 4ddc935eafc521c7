//===- SourcePaths.cpp - Absolute names of source files -------------------===//
#include "Instrument/SourcePaths.h"

#include "llvm/Support/Path.h"

using namespace clang;

namespace telegen {

std::string absolutePath(const SourceManager &SM, llvm::StringRef Name) {
  llvm::SmallString<256> Path(Name);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

std::string absoluteFilePath(const SourceManager &SM, SourceLocation Loc) {
  OptionalFileEntryRef File =
      SM.getFileEntryRefForID(SM.getFileID(SM.getExpansionLoc(Loc)));
  return File ? absolutePath(SM, File->getName()) : std::string();
}

} // namespace telegen
