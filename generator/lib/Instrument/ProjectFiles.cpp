//===- ProjectFiles.cpp - The code telegen instruments --------------------===//
#include "Instrument/ProjectFiles.h"
#include "Instrument/SourcePaths.h"

#include "llvm/Support/Path.h"

using namespace clang;

namespace telegen {

ProjectFiles::ProjectFiles(std::vector<std::string> Dirs)
    : SystemHeaderDirs(std::move(Dirs)) {}

bool ProjectFiles::isOptedIn(llvm::StringRef Path) const {
  return llvm::any_of(SystemHeaderDirs, [&](const std::string &Dir) {
    return Path.starts_with(Dir) &&
           (Path.size() == Dir.size() ||
            llvm::sys::path::is_separator(Path[Dir.size()]) ||
            llvm::sys::path::is_separator(Dir.back()));
  });
}

bool ProjectFiles::contains(const SourceManager &SM, SourceLocation Loc) const {
  Loc = SM.getExpansionLoc(Loc);
  if (!SM.isInSystemHeader(Loc))
    return true;
  if (SystemHeaderDirs.empty())
    return false;
  FileID File = SM.getFileID(Loc);
  auto [Known, Inserted] = OptedInFiles.try_emplace(File, false);
  if (Inserted)
    if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File))
      Known->second = isOptedIn(absolutePath(SM, Entry->getName()));
  return Known->second;
}

} // namespace telegen
