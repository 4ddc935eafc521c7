//===- Resolve.cpp - What a merged model's references imply ---------------===//
#include "Schema/Resolve.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

template <typename T> void sortByName(std::vector<T> &List) {
  llvm::stable_sort(List,
                    [](const T &A, const T &B) { return A.Name < B.Name; });
}

void resolveEnumField(const Model &M, Field &F) {
  if (!F.EnumLabel)
    return;
  if (const Label *L = M.findLabel(F.EnumLabel->Name))
    F.Values = L->Values;
}

/// Orders an update's bindings as the metric's labels, adding the implicit
/// ones (a label takes the event field of the same name). Bindings of
/// labels the metric does not have stay at the end for the checks.
void resolveBindings(const Model &M, const Event &E, MetricUpdate &U) {
  const Metric *Target = M.findMetric(U.Metric.Name);
  if (!Target)
    return;
  std::vector<LabelBinding> Ordered;
  for (const Ref &L : Target->Labels) {
    auto Explicit = find_if(
        U.Labels, [&](const LabelBinding &B) { return B.Label == L.Name; });
    if (Explicit != U.Labels.end()) {
      Ordered.push_back(std::move(*Explicit));
      U.Labels.erase(Explicit);
    } else if (E.findField(L.Name)) {
      Ordered.push_back({L.Name, Ref{L.Name, U.Loc}, std::nullopt, U.Loc});
    }
  }
  std::move(U.Labels.begin(), U.Labels.end(), std::back_inserter(Ordered));
  U.Labels = std::move(Ordered);
}

} // namespace

void resolve(Model &M) {
  sortByName(M.Labels);
  sortByName(M.Metrics);
  sortByName(M.Events);
  sortByName(M.Spans);
  sortByName(M.Dependencies);
  sortByName(M.Slos);
  sortByName(M.Alerts);
  llvm::stable_sort(M.Propagation, [](const PropagationBoundary &A,
                                      const PropagationBoundary &B) {
    return A.Function < B.Function;
  });

  for (Label &L : M.Labels)
    if (L.ValuesFromDependencies) {
      L.Values.clear();
      L.ValueLocs.clear();
      for (const Dependency &D : M.Dependencies) {
        L.Values.push_back(D.Name);
        L.ValueLocs.push_back(D.Loc);
      }
    }
  for (Event &E : M.Events) {
    for (Field &F : E.Fields)
      resolveEnumField(M, F);
    for (MetricUpdate &U : E.Updates)
      resolveBindings(M, E, U);
  }
  for (Span &S : M.Spans)
    for (Field &F : S.Attributes)
      resolveEnumField(M, F);
  for (Rule &R : M.Rules)
    if (R.Span && !R.KindLoc.isValid())
      if (const Span *S = M.findSpan(R.Span->Name))
        R.Kind = S->Kind;
}

} // namespace schema
} // namespace telegen
