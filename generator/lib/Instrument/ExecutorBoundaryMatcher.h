//===- ExecutorBoundaryMatcher.h - Executors' callables ---------*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_EXECUTORBOUNDARYMATCHER_H
#define TELEGEN_INSTRUMENT_EXECUTORBOUNDARYMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

#include <map>
#include <optional>

namespace telegen {

/// Wraps the callable argument at every call of a function marked
/// TELEGEN_PROPAGATE or listed in the schema's `propagation` (a thread pool's
/// submit, a queue's post), so the work runs in the caller's context wherever
/// the executor runs it.
class ExecutorBoundaryMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit ExecutorBoundaryMatcher(InstrumentContext &Context)
      : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// The callable parameter of an annotated function, found once per
  /// function (problems are reported once, at the annotation).
  std::optional<unsigned> callableParameter(const clang::FunctionDecl &Callee,
                                            clang::ASTContext &AST);
  /// The schema's boundary for Callee, or null.
  const schema::PropagationBoundary *
  schemaBoundary(const clang::FunctionDecl &Callee) const;
  /// Whether the parameter the schema names can receive a callable; reports
  /// at Call, once per function, when it cannot.
  bool schemaParameterIsCallable(const clang::FunctionDecl &Callee,
                                 const schema::PropagationBoundary &Boundary,
                                 const clang::Expr &Call,
                                 clang::ASTContext &AST);

  InstrumentContext &Context;
  std::map<const clang::FunctionDecl *, std::optional<unsigned>> Parameters;
  std::map<const clang::FunctionDecl *, bool> SchemaParameters;
};

} // namespace telegen

#endif
