//===- ProjectFiles.h - The code telegen instruments ------------*- C++ -*-===//
//
// telegen instruments the project's code: the main file and the headers that
// are not system headers. System headers are left alone, and the bodies of
// their functions are not even parsed. But a library's own headers are often
// system headers only by declaration (an include directory declared SYSTEM,
// an imported target's include directories), so the user can name
// directories whose headers count as the project's all the same.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_PROJECTFILES_H
#define TELEGEN_INSTRUMENT_PROJECTFILES_H

#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"

#include <string>
#include <vector>

namespace telegen {

/// Not thread-safe: one per translation unit.
class ProjectFiles {
public:
  /// SystemHeaderDirs: absolute directories whose system headers are
  /// instrumented as the project's own.
  explicit ProjectFiles(std::vector<std::string> SystemHeaderDirs = {});

  /// Whether Loc, where it is expanded, is in the project's code.
  bool contains(const clang::SourceManager &SM,
                clang::SourceLocation Loc) const;

  /// Whether a header at the absolute Path is under one of the directories
  /// whose system headers are instrumented.
  bool isOptedIn(llvm::StringRef Path) const;

private:
  std::vector<std::string> SystemHeaderDirs;
  mutable llvm::DenseMap<clang::FileID, bool> OptedInFiles;
};

/// Matches declarations in the project's code (as ProjectFiles::contains).
AST_MATCHER_P(clang::Decl, isInProjectFile, const ProjectFiles *, Files) {
  return Files->contains(Finder->getASTContext().getSourceManager(),
                         Node.getLocation());
}

} // namespace telegen

#endif
