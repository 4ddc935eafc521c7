//===- Checks.cpp - Everything 'telegen check' verifies in a schema -------===//
#include "Check/Checks.h"

#include "Check/Catalog.h"
#include "Check/CheckContext.h"
#include "Support/Suggest.h"

using namespace llvm;

namespace telegen {

void CheckContext::reportUndefined(const schema::Ref &R, const Twine &Message,
                                   ArrayRef<StringRef> Candidates,
                                   StringRef BrokenKey) const {
  if (Broken.contains(BrokenKey))
    return;
  StringRef Suggestion = closestSpelling(R.Name, Candidates);
  if (Suggestion.empty()) {
    Diags.report(checks::UndefinedReference, R.Loc, Message);
    return;
  }
  Diags
      .report(checks::UndefinedReference, R.Loc,
              Message + "; did you mean '" + Suggestion + "'?")
      .fixIt(Suggestion);
}

void checkSchema(const schema::LoadedSchema &S, DiagnosticList &Diags) {
  CheckContext C{S.Schema, S.Broken, S.RootFile, Diags};
  // Declarations on their own.
  checkNaming(C);
  checkSensitive(C);
  checkGaugeModes(C);
  if (!S.Complete)
    return;
  // Declarations together.
  checkReferences(C);
  checkFields(C);
  checkCardinality(C);
  checkEventUpdates(C);
  checkRules(C);
  checkSlos(C);
  checkAlerts(C);
  checkCppIdentifiers(C);
}

} // namespace telegen
