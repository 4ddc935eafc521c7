//===- MisplacedAnnotationMatcher.h - Annotations that do nothing -*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_MISPLACEDANNOTATIONMATCHER_H
#define TELEGEN_INSTRUMENT_MISPLACEDANNOTATIONMATCHER_H

#include "Instrument/ProjectFiles.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace telegen {

/// Reports telegen annotations that cannot take effect: on something that
/// is not a function (error), or on a declaration in the main file whose
/// definition is elsewhere, where no instrumented file would see it (warning).
class MisplacedAnnotationMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit MisplacedAnnotationMatcher(const ProjectFiles &Files)
      : Files(Files) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  const ProjectFiles &Files;
};

} // namespace telegen

#endif
