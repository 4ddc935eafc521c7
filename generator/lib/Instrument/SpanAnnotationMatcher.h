//===- SpanAnnotationMatcher.h - Functions marked TELEGEN_SPAN --*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_SPANANNOTATIONMATCHER_H
#define TELEGEN_INSTRUMENT_SPANANNOTATIONMATCHER_H

#include "Instrument/InstrumentContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace telegen {

/// Plans a span for each function definition in the main file whose
/// declaration carries TELEGEN_SPAN.
class SpanAnnotationMatcher
    : public clang::ast_matchers::MatchFinder::MatchCallback {
public:
  explicit SpanAnnotationMatcher(InstrumentContext &Context)
      : Context(Context) {}

  void registerMatchers(clang::ast_matchers::MatchFinder &Finder);
  void run(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  InstrumentContext &Context;
};

} // namespace telegen

#endif
