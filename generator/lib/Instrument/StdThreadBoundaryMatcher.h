//===- StdThreadBoundaryMatcher.h - std::thread, jthread, async -*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_STDTHREADBOUNDARYMATCHER_H
#define TELEGEN_INSTRUMENT_STDTHREADBOUNDARYMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace telegen {

/// Wraps the callable given to std::thread, std::jthread and std::async so
/// the new thread runs in the context of the code that started it.
class StdThreadBoundaryMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit StdThreadBoundaryMatcher(InstrumentContext &Context)
      : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  InstrumentContext &Context;
};

} // namespace telegen

#endif
