//===- References.cpp - Labels of metrics, events of spans ----------------===//
//
// The references other checks do not own: the labels a metric uses and the
// events a span may record. Event updates, fields, rules and SLOs check
// their own references where they know more to say.
//
//===----------------------------------------------------------------------===//
#include "Check/CheckContext.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {

void checkReferences(const CheckContext &C) {
  std::vector<StringRef> Labels = namesOf(C.M.Labels);
  for (const Metric &M : C.M.Metrics)
    for (const Ref &L : M.Labels)
      if (!C.M.findLabel(L.Name))
        C.reportUndefined(L,
                          formatv("metric '{0}' uses label '{1}', which is "
                                  "not declared under 'labels'",
                                  M.Name, L.Name),
                          Labels, "label:" + L.Name);

  std::vector<StringRef> Events = namesOf(C.M.Events);
  for (const Span &S : C.M.Spans)
    for (const Ref &E : S.Events)
      if (!C.M.findEvent(E.Name))
        C.reportUndefined(E,
                          formatv("span '{0}' lists event '{1}', which is not "
                                  "declared",
                                  S.Name, E.Name),
                          Events, "event:" + E.Name);
}

} // namespace telegen
