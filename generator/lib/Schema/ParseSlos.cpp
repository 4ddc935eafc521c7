//===- ParseSlos.cpp - Service-level objectives ---------------------------===//
#include "Check/Catalog.h"
#include "Schema/FileParser.h"
#include "Support/Duration.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace llvm;

namespace telegen {
namespace schema {

void FileParser::parseSlo(const Ref &Name, Node *N) {
  const std::string What = "SLO '" + Name.Name + "'";
  Slo S;
  S.Name = Name.Name;
  S.Loc = Name.Loc;
  bool Valid = true;
  std::optional<Ref> KindKey;
  bool HasObjective = false, HasWindow = false, HasMetric = false;
  auto SetKind = [&](const Ref &Key, SloKind Kind) {
    if (KindKey) {
      R.diags().report(checks::ConflictingKeys, Key.Loc,
                       What + " has both 'errors' and 'threshold'; an SLO "
                              "is either an error ratio or a latency "
                              "objective");
      Valid = false;
      return false;
    }
    KindKey = Key;
    S.Kind = Kind;
    return true;
  };
  bool IsMapping = R.mapping(
      N, What, {"help", "objective", "window", "metric", "errors", "threshold"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "help") {
          S.Help = R.string(V, "'help' of " + What).value_or("");
        } else if (Key.Name == "objective") {
          HasObjective = true;
          std::optional<double> Objective =
              R.number(V, "'objective' of " + What);
          if (Objective && !(*Objective > 0 && *Objective < 100)) {
            R.diags().report(checks::InvalidValue, R.locate(V),
                             "'objective' is the percentage of good events, "
                             "above 0 and below 100, such as 99.9");
            Objective.reset();
          }
          Valid &= Objective.has_value();
          S.Objective = Objective.value_or(0);
        } else if (Key.Name == "window") {
          HasWindow = true;
          std::optional<std::string> Window =
              R.string(V, "'window' of " + What);
          if (Window && !parseDuration(*Window).value_or(0)) {
            R.diags().report(checks::InvalidValue, R.locate(V),
                             formatv("'window' is '{0}'; expected a Prometheus "
                                     "duration such as '30d' or '4w'",
                                     *Window));
            Window.reset();
          }
          Valid &= Window.has_value();
          S.Window = Window.value_or("");
        } else if (Key.Name == "metric") {
          HasMetric = true;
          std::optional<std::string> Metric =
              R.string(V, "'metric' of " + What);
          Valid &= Metric.has_value();
          S.Metric = Ref{Metric.value_or(""), R.locate(V)};
        } else if (Key.Name == "errors") {
          if (!SetKind(Key, SloKind::ErrorRatio))
            return;
          R.namedMapping(V, "'errors' of " + What, "label",
                         [&](const Ref &Label, Node *Values) {
                           LabelSelector Sel{Label, {}};
                           Sel.Values =
                               R.stringList(Values,
                                            "the error values of label '" +
                                                Label.Name + "'",
                                            /*AnyScalar=*/true)
                                   .value_or(std::vector<Ref>());
                           if (!Sel.Values.empty())
                             S.Errors.push_back(std::move(Sel));
                         });
          if (S.Errors.empty()) {
            R.diags().report(checks::InvalidValue, Key.Loc,
                             "'errors' of " + What +
                                 " selects no series; map a label to the "
                                 "values that count as errors");
            Valid = false;
          }
        } else if (Key.Name == "threshold") {
          if (!SetKind(Key, SloKind::Latency))
            return;
          std::optional<double> Threshold =
              R.number(V, "'threshold' of " + What);
          if (Threshold && !(std::isfinite(*Threshold) && *Threshold > 0)) {
            R.diags().report(checks::InvalidValue, R.locate(V),
                             "'threshold' is a positive bucket bound");
            Threshold.reset();
          }
          Valid &= Threshold.has_value();
          S.Threshold = Threshold.value_or(0);
        }
      });
  if (!IsMapping)
    return;
  for (auto [Has, Key] :
       {std::pair{HasObjective, "objective"}, std::pair{HasWindow, "window"},
        std::pair{HasMetric, "metric"}})
    if (!Has) {
      R.reportMissing(Name.Loc, What, Key);
      Valid = false;
    }
  if (!KindKey) {
    R.diags().report(checks::MissingKey, Name.Loc,
                     What + " needs 'errors' (an error-ratio objective) or "
                            "'threshold' (a latency objective)");
    Valid = false;
  }
  if (Valid)
    Out.Decls.Slos.push_back(std::move(S));
}

} // namespace schema
} // namespace telegen
