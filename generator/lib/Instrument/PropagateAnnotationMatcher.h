//===- PropagateAnnotationMatcher.h - Calls to TELEGEN_PROPAGATE -*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_PROPAGATEANNOTATIONMATCHER_H
#define TELEGEN_INSTRUMENT_PROPAGATEANNOTATIONMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <map>
#include <optional>

namespace telegen {

/// Wraps the callable argument at every call of a function marked
/// TELEGEN_PROPAGATE (a thread pool's submit, a queue's post), so the work
/// runs in the caller's context wherever the executor runs it.
class PropagateAnnotationMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit PropagateAnnotationMatcher(InstrumentContext &Context)
      : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// The callable parameter of an annotated function, found once per
  /// function (problems are reported once, at the annotation).
  std::optional<unsigned> callableParameter(const clang::FunctionDecl &Callee,
                                            clang::ASTContext &AST);

  InstrumentContext &Context;
  std::map<const clang::FunctionDecl *, std::optional<unsigned>> Parameters;
};

} // namespace telegen

#endif
