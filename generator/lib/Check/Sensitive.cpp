//===- Sensitive.cpp - Secrets never reach logs, spans or metrics ---------===//
//
// Fields and attributes named like secrets must be redacted; labels cannot
// be, so a label named like a secret is refused outright. (A label fed by a
// redacted field is refused where the binding is checked.)
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"
#include "Support/SensitiveNames.h"

#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

void checkFields(const CheckContext &C, const std::vector<Field> &Fields,
                 StringRef Kind, StringRef Owner) {
  for (const Field &F : Fields)
    if (!F.Redacted && !F.Const && naming::looksSensitive(F.Name))
      C.Diags.report(checks::SensitiveName, F.Loc,
                     formatv("{0} '{1}' of {2} looks like a secret; mark it "
                             "'redacted: true' or do not record it",
                             Kind, F.Name, Owner));
}

} // namespace

void checkSensitive(const CheckContext &C) {
  for (const Event &E : C.M.Events)
    checkFields(C, E.Fields, "field", "event '" + E.Name + "'");
  for (const Span &S : C.M.Spans)
    checkFields(C, S.Attributes, "attribute", "span '" + S.Name + "'");
  for (const Label &L : C.M.Labels)
    if (naming::looksSensitive(L.Name))
      C.Diags.report(checks::SensitiveLabel, L.Loc,
                     formatv("label '{0}' looks like a secret, and label "
                             "values are exported as they are; keep secrets "
                             "out of metrics",
                             L.Name));
}

} // namespace telegen
