//===- Alerts.cpp - The service's own alerts and dependencies' tunings ----===//
//
// An alert's name becomes its alertname and its runbook's file name, so it
// is an identifier and not one telegen generates; its expression uses only
// what the schema declares (Check/AlertExpression.h). A dependency tunes
// the resilience contract's alerts only when the schema has the metric the
// alert reads.
//
//===----------------------------------------------------------------------===//
#include "Check/AlertExpression.h"
#include "Check/Catalog.h"
#include "Check/CheckContext.h"
#include "Operations/AlertCatalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

bool isAlertName(StringRef Name) {
  return !Name.empty() && (isAlpha(Name[0]) || Name[0] == '_') &&
         all_of(Name, [](char C) { return isAlnum(C) || C == '_'; });
}

void checkName(const CheckContext &C, const Alert &A) {
  if (!isAlertName(A.Name)) {
    C.Diags.report(checks::AlertName, A.Loc,
                   formatv("alert name '{0}' is not an identifier "
                           "([a-zA-Z_][a-zA-Z0-9_]*, such as JobsStalled): it "
                           "names the alert and its runbook's file",
                           A.Name));
    return;
  }
  if (is_contained(operations::generatedAlertNames(), A.Name))
    C.Diags.report(checks::AlertName, A.Loc,
                   formatv("alert '{0}' has the name of an alert telegen "
                           "generates (docs/operations.md lists them); "
                           "rename it",
                           A.Name));
}

void checkTunings(const CheckContext &C, const Dependency &D) {
  for (const AlertTuning &T : D.Alerts) {
    const operations::ResilienceAlertInfo &Info =
        operations::resilienceAlert(T.Alert);
    if (!C.M.findMetric(Info.Metric))
      C.Diags.report(checks::AlertTuning, T.Loc,
                     formatv("dependency '{0}' tunes alert {1}, which reads "
                             "metric '{2}' of the resilience contract; "
                             "import it ('imports: [{{builtin: resilience}]')",
                             D.Name, Info.Name, Info.Metric));
  }
}

} // namespace

void checkAlerts(const CheckContext &C) {
  for (const Alert &A : C.M.Alerts) {
    checkName(C, A);
    checkAlertExpression(C.M, A, C.Diags, checks::AlertExpression,
                         checks::AlertReference);
  }
  for (const Dependency &D : C.M.Dependencies)
    checkTunings(C, D);
}

} // namespace telegen
