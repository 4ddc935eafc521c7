//===- UserRules.cpp - The service's own alerts ---------------------------===//
#include "Operations/Rules.h"
#include "Support/Duration.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {

std::vector<RuleGroup> userRules(const Model &M, const Options &O) {
  if (M.Alerts.empty())
    return {};
  RuleGroup G{O.FileStem + ".alerts", {}};
  for (const Alert &A : M.Alerts) {
    Rule R;
    R.Alert = true;
    R.Name = A.Name;
    R.Expr = StringRef(A.Expr.Text).trim().str();
    // The expression is the service's own: its windows stay as written, and
    // so does the 'for' that goes with them.
    R.For = A.For;
    std::string Description = A.Description;
    if (Description.empty())
      Description =
          A.For ? "This has held for " + formatDuration(A.For) + ": " + R.Expr
                : "This holds: " + R.Expr;
    describeAlert(R, A.Severity, A.Summary, std::move(Description), O);
    G.Rules.push_back(std::move(R));
  }
  return {std::move(G)};
}

} // namespace operations
} // namespace telegen
