//===- RuleMatcher.h - Functions matched by schema rules --------*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_RULEMATCHER_H
#define TELEGEN_INSTRUMENT_RULEMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace telegen {

/// Instruments, without any annotation, the function definitions whose
/// qualified names the schema's rules match: the first rule whose include
/// patterns match and whose exclude patterns do not decides the span.
/// TELEGEN_SPAN takes precedence, TELEGEN_NO_INSTRUMENT excludes, and
/// functions that cannot carry a span are reported as skipped in the model.
class RuleMatcher : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit RuleMatcher(InstrumentContext &Context) : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  InstrumentContext &Context;
};

/// The first rule of Schema that applies to a function named QualifiedName.
const schema::Rule *findRule(const schema::Model &Schema,
                             llvm::StringRef QualifiedName);

} // namespace telegen

#endif
