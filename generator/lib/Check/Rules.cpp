//===- Rules.cpp - Rules name declared spans and agree with their kind ----===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {

void checkRules(const CheckContext &C) {
  std::vector<StringRef> Spans = namesOf(C.M.Spans);
  for (const Rule &R : C.M.Rules) {
    if (!R.Span)
      continue;
    const Span *S = C.M.findSpan(R.Span->Name);
    if (!S) {
      C.reportUndefined(*R.Span,
                        formatv("rule starts span '{0}', which is not "
                                "declared under 'spans'",
                                R.Span->Name),
                        Spans, "span:" + R.Span->Name);
      continue;
    }
    if (R.KindLoc.isValid() && R.Kind != S->Kind)
      C.Diags
          .report(checks::RuleSpanKind, R.KindLoc,
                  formatv("rule gives kind '{0}', but span '{1}' is '{2}'; "
                          "leave 'kind' out to take the span's",
                          name(R.Kind), S->Name, name(S->Kind)))
          .note(S->Loc, "span declared here");
  }
}

} // namespace telegen
