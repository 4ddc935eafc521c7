//===- RunbooksView.cpp - Runbooks, as Markdown ---------------------------===//
#include "Generate/OperationsView.h"
#include "Operations/Runbooks.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
using namespace telegen::operations;

namespace telegen {
namespace generate {

void addRunbooksView(ModuleView &View, const schema::Model &M,
                     const Options &O) {
  for (const Runbook &R : buildRunbooks(M, O)) {
    RunbookView V;
    V.Alert = R.Alert;
    V.Severity = R.Severity;
    V.Meaning = R.Meaning;
    V.Causes = R.Causes;
    V.HasCauses = !V.Causes.empty();
    for (size_t I = 0; I < R.Steps.size(); ++I) {
      const RunbookStep &S = R.Steps[I];
      V.Steps.push_back(
          {utostr(I + 1), S.Text, !S.Command.empty(), S.Command, S.Language});
    }
    V.Resolution = R.Resolution;
    V.HasResolution = !V.Resolution.empty();
    V.Escalation = R.Escalation;
    V.ServiceText = StringRef(R.ServiceText).trim().str();
    V.HasServiceText = !V.ServiceText.empty();
    View.Runbooks.push_back(std::move(V));
  }
}

} // namespace generate
} // namespace telegen
