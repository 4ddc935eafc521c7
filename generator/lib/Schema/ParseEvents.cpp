//===- ParseEvents.cpp - Events and the metrics they update ---------------===//
#include "Check/Catalog.h"
#include "Schema/FileParser.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace llvm;

namespace telegen {
namespace schema {

void FileParser::parseEvent(const Ref &Name, Node *N) {
  const std::string What = "event '" + Name.Name + "'";
  Event E;
  E.Name = Name.Name;
  E.Loc = Name.Loc;
  bool LevelWritten = false;
  bool IsMapping = R.mapping(
      N, What, {"level", "delivery", "help", "fields", "updates"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "level") {
          LevelWritten = true;
          std::optional<unsigned> Level = R.oneOf(
              V, "the level of " + What, eventLevelNames(), checks::EventLevel);
          E.Level = EventLevel(Level.value_or(unsigned(EventLevel::Info)));
        } else if (Key.Name == "delivery") {
          std::optional<unsigned> Policy =
              R.oneOf(V, "the delivery of " + What, deliveryNames(),
                      checks::EventDelivery);
          E.Delivery = DeliveryPolicy(
              Policy.value_or(unsigned(DeliveryPolicy::BestEffort)));
        } else if (Key.Name == "help") {
          E.Help = R.string(V, "'help' of " + What).value_or("");
        } else if (Key.Name == "fields") {
          E.Fields = parseFields(V, "event", Name.Name, "field");
        } else if (Key.Name == "updates") {
          R.sequence(V, "'updates' of " + What,
                     [&](Node *U) { parseUpdate(U, E); });
        }
      });
  if (!IsMapping) {
    Out.Broken.push_back("event:" + Name.Name);
    return;
  }
  if (!LevelWritten)
    R.reportMissing(Name.Loc, What, "level");
  Out.Decls.Events.push_back(std::move(E));
}

void FileParser::parseUpdate(Node *N, Event &E) {
  const std::string What = "an update of event '" + E.Name + "'";
  MetricUpdate U;
  U.Loc = R.locate(N);
  bool HasMetric = false, Valid = true;
  std::optional<Ref> OpKey;
  bool IsMapping = R.mapping(
      N, What, {"metric", "labels", "inc", "set", "observe"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "metric") {
          std::optional<std::string> Metric =
              R.string(V, "'metric' of " + What);
          HasMetric = Metric.has_value();
          U.Metric = Ref{Metric.value_or(""), R.locate(V)};
          Valid &= HasMetric;
        } else if (Key.Name == "labels") {
          R.namedMapping(V, "'labels' of " + What, "label",
                         [&](const Ref &Label, Node *B) {
                           parseLabelBinding(Label, B, U, What);
                         });
        } else {
          UpdateOp Op = Key.Name == "inc"   ? UpdateOp::Inc
                        : Key.Name == "set" ? UpdateOp::Set
                                            : UpdateOp::Observe;
          if (OpKey) {
            R.diags().report(
                checks::ConflictingKeys, Key.Loc,
                formatv("{0} already uses '{1}'; an update does one of inc, "
                        "set and observe",
                        What, OpKey->Name));
            Valid = false;
            return;
          }
          OpKey = Key;
          U.Op = Op;
          U.OpLoc = Key.Loc;
          Valid &= parseUpdateValue(V, Op, U, "'" + Key.Name + "' of " + What);
        }
      });
  if (!IsMapping)
    return;
  if (!HasMetric) {
    if (!U.Metric.Loc.isValid())
      R.reportMissing(U.Loc, What, "metric");
    return;
  }
  if (Valid)
    E.Updates.push_back(std::move(U));
}

bool FileParser::parseUpdateValue(Node *N, UpdateOp Op, MetricUpdate &U,
                                  const std::string &What) {
  if (isa_and_nonnull<yaml::MappingNode>(N)) {
    bool HasField = false;
    bool IsMapping = R.mapping(N, What, {"field"}, [&](const Ref &, Node *V) {
      if (std::optional<std::string> Field =
              R.string(V, "'field' of " + What)) {
        U.Field = Ref{*Field, R.locate(V)};
        HasField = true;
      }
    });
    if (IsMapping && !HasField && !U.Field)
      R.reportMissing(R.locate(N), What, "field");
    return HasField;
  }
  if (Op == UpdateOp::Observe) {
    R.diags().report(checks::WrongType, R.locate(N),
                     What + " must be a mapping naming the observed "
                            "'field'");
    return false;
  }
  std::optional<double> Value = R.number(N, What);
  if (!Value)
    return false;
  if (!std::isfinite(*Value) || (Op == UpdateOp::Inc && *Value <= 0)) {
    R.diags().report(checks::InvalidValue, R.locate(N),
                     Op == UpdateOp::Inc
                         ? What + " must be a positive number: counters only "
                                  "go up"
                         : What + " must be a finite number");
    return false;
  }
  U.Constant = *Value;
  return true;
}

void FileParser::parseLabelBinding(const Ref &Label, Node *N, MetricUpdate &U,
                                   const std::string &What) {
  const std::string BindingWhat = "label '" + Label.Name + "' in " + What;
  LabelBinding B;
  B.Label = Label.Name;
  B.Loc = Label.Loc;
  std::optional<Ref> First;
  bool IsMapping = R.mapping(
      N, BindingWhat, {"field", "value"}, [&](const Ref &Key, Node *V) {
        if (First) {
          R.diags().report(checks::ConflictingKeys, Key.Loc,
                           BindingWhat + " takes either a 'field' or a "
                                         "constant 'value', not both");
          return;
        }
        First = Key;
        if (Key.Name == "field") {
          if (std::optional<std::string> Field =
                  R.string(V, "'field' of " + BindingWhat))
            B.Field = Ref{*Field, R.locate(V)};
        } else {
          B.Value = R.scalarText(V, "'value' of " + BindingWhat);
        }
      });
  if (!IsMapping)
    return;
  if (!First) {
    R.diags().report(checks::MissingKey, Label.Loc,
                     BindingWhat + " needs a 'field' or a constant 'value'");
    return;
  }
  if (B.Field || B.Value)
    U.Labels.push_back(std::move(B));
}

} // namespace schema
} // namespace telegen
