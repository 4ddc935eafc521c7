//===- ProcessBoundaryMatcher.h - Child processes ---------------*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_PROCESSBOUNDARYMATCHER_H
#define TELEGEN_INSTRUMENT_PROCESSBOUNDARYMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace telegen {

/// Gives child processes the caller's context through their environment
/// (TRACEPARENT, TRACESTATE, BAGGAGE and the request context), which the
/// child's runtime reads at start: the environment argument of posix_spawn
/// and the exec functions that take one is extended, and execv, execvp and
/// system are replaced by telegen functions that do the same.
class ProcessBoundaryMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit ProcessBoundaryMatcher(InstrumentContext &Context)
      : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  InstrumentContext &Context;
};

} // namespace telegen

#endif
