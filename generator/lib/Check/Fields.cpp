//===- Fields.cpp - Enum fields typed by a label --------------------------===//
//
// A field declared 'type: enum, label: L' takes L's values, known only once
// files are merged: L must exist and be enumerated, and the field's default
// or constant must be one of them.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

void checkField(const CheckContext &C, const Field &F, StringRef Owner,
                ArrayRef<StringRef> Labels) {
  if (!F.EnumLabel)
    return;
  const Label *L = C.M.findLabel(F.EnumLabel->Name);
  if (!L) {
    C.reportUndefined(*F.EnumLabel,
                      formatv("{0} takes its values from label '{1}', which "
                              "is not declared",
                              Owner, F.EnumLabel->Name),
                      Labels, "label:" + F.EnumLabel->Name);
    return;
  }
  if (L->Kind == LabelKind::Dynamic) {
    C.Diags
        .report(checks::InvalidValue, F.EnumLabel->Loc,
                formatv("{0} takes its values from label '{1}', which has "
                        "none listed (it is dynamic); an enum needs an "
                        "enumerated label",
                        Owner, L->Name))
        .note(L->Loc, "label declared here");
    return;
  }
  auto CheckValue = [&](const std::optional<std::string> &Value,
                        StringRef Key) {
    if (Value && !is_contained(L->Values, *Value))
      C.Diags
          .report(checks::InvalidValue, F.Loc,
                  formatv("{0} has {1} '{2}', which is not a value of label "
                          "'{3}'",
                          Owner, Key, *Value, L->Name))
          .note(L->Loc, "label declared here");
  };
  CheckValue(F.Default, "default");
  CheckValue(F.Const, "const");
}

} // namespace

void checkFields(const CheckContext &C) {
  std::vector<StringRef> Labels = namesOf(C.M.Labels);
  for (const Event &E : C.M.Events)
    for (const Field &F : E.Fields)
      checkField(C, F,
                 formatv("field '{0}' of event '{1}'", F.Name, E.Name).str(),
                 Labels);
  for (const Span &S : C.M.Spans)
    for (const Field &F : S.Attributes)
      checkField(C, F,
                 formatv("attribute '{0}' of span '{1}'", F.Name, S.Name).str(),
                 Labels);
}

} // namespace telegen
