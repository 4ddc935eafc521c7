//===- Cardinality.cpp - Series budgets and unbounded labels --------------===//
//
// A metric has as many series as the product of its labels' value counts
// (a dynamic label counts its max_values plus the overflow series); a
// histogram multiplies that by its buckets plus +Inf, _sum and _count.
// Each metric's label combinations stay within its budget, and all series
// together within the schema's.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

/// Words that name a value with one instance per user, request, address...
bool looksUnbounded(StringRef Name) {
  SmallVector<StringRef, 4> Words;
  Name.split(Words, '_');
  StringRef Last = Words.back();
  return is_contained({"id", "ids", "uuid", "guid", "email", "ip", "address",
                       "url", "uri", "path", "query", "agent", "timestamp"},
                      Last) ||
         is_contained({"userid", "sessionid", "requestid", "traceid", "spanid"},
                      Name);
}

struct MetricSeries {
  const Metric *M;
  uint64_t Combinations;
  uint64_t Series;
};

MetricSeries countSeries(const Model &Schema, const Metric &M) {
  uint64_t Combinations = 1;
  for (const Ref &R : M.Labels)
    if (const Label *L = Schema.findLabel(R.Name))
      Combinations = SaturatingMultiply(Combinations, L->seriesFactor());
  uint64_t PerCombination =
      M.Type == MetricType::Histogram ? M.Buckets.size() + 3 : 1;
  return {&M, Combinations, SaturatingMultiply(Combinations, PerCombination)};
}

std::string factors(const Model &Schema, const Metric &M) {
  std::string Text;
  for (const Ref &R : M.Labels)
    if (const Label *L = Schema.findLabel(R.Name))
      Text += formatv("{0}{1} {2}", Text.empty() ? "" : " x ", L->Name,
                      L->seriesFactor());
  return Text;
}

} // namespace

void checkCardinality(const CheckContext &C) {
  for (const Label &L : C.M.Labels)
    if (L.Kind == LabelKind::Dynamic && looksUnbounded(L.Name))
      C.Diags.report(checks::UnboundedLabel, L.Loc,
                     formatv("label '{0}' is named like a value with no bound "
                             "(one per user, request, address...); list its "
                             "'values', or record it on spans and events "
                             "instead of metrics",
                             L.Name));

  std::vector<MetricSeries> All;
  uint64_t Total = 0;
  for (const Metric &M : C.M.Metrics) {
    MetricSeries S = countSeries(C.M, M);
    All.push_back(S);
    Total = SaturatingAdd(Total, S.Series);
    uint64_t Budget = M.Cardinality.value_or(C.M.Cardinality.PerMetric);
    if (S.Combinations > Budget)
      C.Diags.report(checks::MetricCardinality, M.Loc,
                     formatv("metric '{0}' has up to {1} label combinations "
                             "({2}), over its budget of {3}; drop a label, "
                             "bound it tighter, or raise the metric's "
                             "'cardinality'",
                             M.Name, S.Combinations, factors(C.M, M), Budget));
  }

  if (Total <= C.M.Cardinality.Total)
    return;
  Location Where = C.M.Cardinality.Loc;
  if (!Where.isValid())
    Where.File = C.RootFile.str();
  auto D = C.Diags.report(
      checks::TotalCardinality, Where,
      formatv("the schema's metrics have up to {0} series together, over the "
              "budget of {1}; raise 'cardinality: total' or cut the largest "
              "metrics",
              Total, C.M.Cardinality.Total));
  llvm::stable_sort(All, [](const MetricSeries &A, const MetricSeries &B) {
    return A.Series > B.Series;
  });
  for (const MetricSeries &S : ArrayRef(All).take_front(3))
    D.note(S.M->Loc,
           formatv("metric '{0}' has {1} series", S.M->Name, S.Series));
}

} // namespace telegen
