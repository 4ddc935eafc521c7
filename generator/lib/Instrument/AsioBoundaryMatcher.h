//===- AsioBoundaryMatcher.h - Asio's post, dispatch, defer, co_spawn -*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_ASIOBOUNDARYMATCHER_H
#define TELEGEN_INSTRUMENT_ASIOBOUNDARYMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace telegen {

/// Standalone Asio and Boost.Asio: the handler given to post, dispatch and
/// defer is wrapped in telegen::bind_context (its executor, allocator and
/// cancellation slot stay its own); co_spawn's executor becomes
/// telegen::asio::spawn_executor (telegen::boost_asio::...), so the
/// coroutine starts under the spawning context, resumes inside a run and
/// counts in active_async_tasks{executor=...}.
class AsioBoundaryMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit AsioBoundaryMatcher(InstrumentContext &Context) : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  InstrumentContext &Context;
};

} // namespace telegen

#endif
