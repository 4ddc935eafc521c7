//===- EventUpdates.cpp - Events can update the metrics they name ---------===//
//
// For each metric an event updates: the metric exists, the operation fits
// its type, the value comes from a numeric field, and every label gets a
// value the label accepts from a field that is always there (required, or
// defaulted) or from a constant. Redacted fields never feed labels, which
// are exported as they are.
//
//===----------------------------------------------------------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"

#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

class UpdateChecker {
public:
  UpdateChecker(const CheckContext &C, const Event &E, const MetricUpdate &U,
                const Metric &M)
      : C(C), E(E), U(U), M(M) {}

  void run() {
    checkOp();
    if (U.Field)
      checkValueField(*U.Field);
    for (const Ref &L : M.Labels)
      if (C.M.findLabel(L.Name) &&
          none_of(U.Labels,
                  [&](const LabelBinding &B) { return B.Label == L.Name; }))
        C.Diags.report(
            checks::LabelUnbound, U.Loc,
            formatv("metric '{0}' has label '{1}', which event '{2}' does not "
                    "set; add a field '{1}' or bind the label under 'labels'",
                    M.Name, L.Name, E.Name));
    for (const LabelBinding &B : U.Labels)
      checkBinding(B);
  }

private:
  void checkOp() {
    static const UpdateOp OpFor[] = {UpdateOp::Inc, UpdateOp::Set,
                                     UpdateOp::Observe};
    UpdateOp Expected = OpFor[unsigned(M.Type)];
    if (!U.OpLoc.isValid()) {
      if (Expected != UpdateOp::Inc)
        C.Diags.report(
            checks::UpdateOp, U.Loc,
            formatv("{0} '{1}' is updated with '{2}'; say what "
                    "value event '{3}' {4}",
                    name(M.Type), M.Name, name(Expected), E.Name,
                    Expected == UpdateOp::Set ? "sets" : "observes"));
      return;
    }
    if (U.Op != Expected)
      C.Diags
          .report(checks::UpdateOp, U.OpLoc,
                  formatv("'{0}' does not apply to {1} '{2}'; {1}s are "
                          "updated with '{3}'",
                          name(U.Op), name(M.Type), M.Name, name(Expected)))
          .fixIt(name(Expected));
  }

  const Field *findField(const Ref &R) const {
    const Field *F = E.findField(R.Name);
    if (!F) {
      std::vector<StringRef> Fields = namesOf(E.Fields);
      C.reportUndefined(
          R, formatv("event '{0}' has no field '{1}'", E.Name, R.Name), Fields,
          "field:" + E.Name + "." + R.Name);
    }
    return F;
  }

  void checkValueField(const Ref &R) {
    const Field *F = findField(R);
    if (!F)
      return;
    if (F->Type != FieldType::Int && F->Type != FieldType::Double &&
        F->Type != FieldType::Duration)
      C.Diags
          .report(checks::UpdateValue, R.Loc,
                  formatv("'{0}' takes a number, but field '{1}' of event "
                          "'{2}' is {3}; use an int, double or duration field",
                          name(U.Op), F->Name, E.Name, name(F->Type)))
          .note(F->Loc, "field declared here");
  }

  void checkBinding(const LabelBinding &B) {
    std::vector<StringRef> MetricLabels;
    for (const Ref &L : M.Labels)
      MetricLabels.push_back(L.Name);
    if (!is_contained(MetricLabels, B.Label)) {
      StringRef Suggestion = closestSpelling(B.Label, MetricLabels);
      std::string Message =
          formatv("metric '{0}' has no label '{1}'", M.Name, B.Label);
      if (Suggestion.empty()) {
        C.Diags.report(checks::LabelBinding, B.Loc, Message);
        return;
      }
      C.Diags
          .report(checks::LabelBinding, B.Loc,
                  Message + "; did you mean '" + Suggestion + "'?")
          .fixIt(Suggestion);
      return;
    }
    const Label *L = C.M.findLabel(B.Label);
    if (!L)
      return; // reported where the metric uses it
    if (B.Value) {
      checkConstant(B, *L);
      return;
    }
    const Field *F = findField(*B.Field);
    if (!F)
      return;
    if (F->Redacted) {
      C.Diags
          .report(checks::SensitiveLabel, B.Field->Loc,
                  formatv("label '{0}' of metric '{1}' would take redacted "
                          "field '{2}'; label values are exported as they are",
                          L->Name, M.Name, F->Name))
          .note(F->Loc, "field declared here");
      return;
    }
    checkFieldFitsLabel(B, *F, *L);
    if (!F->Required && !F->Default && !F->Const)
      C.Diags
          .report(checks::OptionalLabelField, B.Field->Loc,
                  formatv("label '{0}' of metric '{1}' takes optional field "
                          "'{2}', which may be absent; make the field "
                          "required or give it a 'default'",
                          L->Name, M.Name, F->Name))
          .note(F->Loc, "field declared here");
  }

  void checkConstant(const LabelBinding &B, const Label &L) {
    if (L.Kind == LabelKind::Dynamic || is_contained(L.Values, *B.Value))
      return;
    std::vector<StringRef> Values(L.Values.begin(), L.Values.end());
    StringRef Suggestion = closestSpelling(*B.Value, Values);
    std::string Message =
        formatv("'{0}' is not a value of label '{1}'", *B.Value, L.Name);
    if (!Suggestion.empty())
      Message += formatv("; did you mean '{0}'?", Suggestion);
    C.Diags.report(checks::LabelBinding, B.Loc, Message)
        .note(L.Loc, "label declared here");
  }

  void checkFieldFitsLabel(const LabelBinding &B, const Field &F,
                           const Label &L) {
    const Location &Loc = B.Field->Loc;
    if (L.Kind == LabelKind::Dynamic) {
      if (F.Type == FieldType::Double || F.Type == FieldType::Duration)
        C.Diags
            .report(checks::LabelBinding, Loc,
                    formatv("label '{0}' would take field '{1}', a {2}; "
                            "measured values make unbounded labels, observe "
                            "them in a histogram instead",
                            L.Name, F.Name, name(F.Type)))
            .note(F.Loc, "field declared here");
      return;
    }
    if (F.Type != FieldType::Enum) {
      C.Diags
          .report(checks::LabelBinding, Loc,
                  formatv("label '{0}' is enumerated, but field '{1}' is {2}; "
                          "declare the field 'type: enum, label: {0}'",
                          L.Name, F.Name, name(F.Type)))
          .note(F.Loc, "field declared here");
      return;
    }
    if (F.EnumLabel && F.EnumLabel->Name == L.Name)
      return;
    for (const std::string &Value : F.Values)
      if (!is_contained(L.Values, Value)) {
        C.Diags
            .report(checks::LabelBinding, Loc,
                    formatv("field '{0}' can be '{1}', which is not a value "
                            "of label '{2}'",
                            F.Name, Value, L.Name))
            .note(F.Loc, "field declared here");
        return;
      }
  }

  const CheckContext &C;
  const Event &E;
  const MetricUpdate &U;
  const Metric &M;
};

} // namespace

void checkEventUpdates(const CheckContext &C) {
  std::vector<StringRef> Metrics = namesOf(C.M.Metrics);
  for (const Event &E : C.M.Events)
    for (const MetricUpdate &U : E.Updates) {
      const Metric *M = C.M.findMetric(U.Metric.Name);
      if (!M) {
        C.reportUndefined(U.Metric,
                          formatv("event '{0}' updates metric '{1}', which is "
                                  "not declared",
                                  E.Name, U.Metric.Name),
                          Metrics, "metric:" + U.Metric.Name);
        continue;
      }
      UpdateChecker(C, E, U, *M).run();
    }
}

} // namespace telegen
