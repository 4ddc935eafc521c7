//===- ParseAlerts.cpp - A service's own alerts, dependencies' tunings ----===//
#include "Check/Catalog.h"
#include "Schema/FileParser.h"
#include "Support/Duration.h"
#include "Support/Numbers.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace llvm;

namespace telegen {
namespace schema {

std::optional<uint64_t> FileParser::parseFor(Node *N, const std::string &What) {
  std::optional<std::string> Text = R.string(N, What);
  if (!Text)
    return std::nullopt;
  std::optional<uint64_t> Ms = parseDuration(*Text);
  if (!Ms)
    R.diags().report(checks::InvalidValue, R.locate(N),
                     formatv("{0} is '{1}'; expected a Prometheus duration "
                             "such as '5m' or '1h30m' (units y, w, d, h, m, "
                             "s, ms, largest first)",
                             What, *Text));
  return Ms;
}

void FileParser::parseAlert(const Ref &Name, Node *N) {
  const std::string What = "alert '" + Name.Name + "'";
  Alert A;
  A.Name = Name.Name;
  A.Loc = Name.Loc;
  bool Valid = true, HasExpr = false, HasSeverity = false, HasSummary = false;
  bool IsMapping = R.mapping(
      N, What, {"expr", "for", "severity", "summary", "description", "runbook"},
      [&](const Ref &Key, Node *V) {
        std::string Of = "'" + Key.Name + "' of " + What;
        if (Key.Name == "expr") {
          HasExpr = true;
          std::optional<MappedText> Expr = R.mappedString(V, Of);
          Valid &= Expr.has_value();
          if (Expr)
            A.Expr = std::move(*Expr);
        } else if (Key.Name == "for") {
          std::optional<uint64_t> For = parseFor(V, Of);
          Valid &= For.has_value();
          A.For = For.value_or(0);
        } else if (Key.Name == "severity") {
          HasSeverity = true;
          std::optional<unsigned> S =
              R.oneOf(V, Of, alertSeverityNames(), checks::InvalidValue);
          Valid &= S.has_value();
          A.Severity = static_cast<AlertSeverity>(S.value_or(0));
        } else {
          std::optional<std::string> Text = R.string(V, Of);
          Valid &= Text.has_value();
          if (Key.Name == "summary")
            HasSummary = true;
          (Key.Name == "summary"       ? A.Summary
           : Key.Name == "description" ? A.Description
                                       : A.Runbook) = Text.value_or("");
        }
      });
  if (!IsMapping)
    return;
  for (auto [Has, Key] :
       {std::pair{HasExpr, "expr"}, std::pair{HasSeverity, "severity"},
        std::pair{HasSummary, "summary"}})
    if (!Has) {
      R.reportMissing(Name.Loc, What, Key);
      Valid = false;
    }
  if (Valid)
    Out.Decls.Alerts.push_back(std::move(A));
}

namespace {

/// What a tuned threshold means, and the values it may take; "" for
/// alerts that have none.
StringRef thresholdMeaning(ResilienceAlert A) {
  switch (A) {
  case ResilienceAlert::CircuitBreakerOpen:
  case ResilienceAlert::CircuitBreakerHalfOpen:
    return "";
  case ResilienceAlert::RetryRate:
    return "retries per second, 0 or more";
  case ResilienceAlert::TimeoutRate:
    return "timeouts per second, 0 or more";
  case ResilienceAlert::BulkheadRejections:
    return "rejections per second, 0 or more";
  case ResilienceAlert::SemaphoreExhausted:
    return "the share of permits left, above 0 and below 1";
  }
  return "";
}

bool thresholdInRange(ResilienceAlert A, double T) {
  if (!std::isfinite(T))
    return false;
  if (A == ResilienceAlert::SemaphoreExhausted)
    return T > 0 && T < 1;
  return T >= 0;
}

} // namespace

void FileParser::parseAlertTunings(Node *N, Dependency &D) {
  const std::string Owner = "'alerts' of dependency '" + D.Name + "'";
  R.mapping(N, Owner, resilienceAlertNames(), [&](const Ref &Key, Node *V) {
    const auto *It = find(resilienceAlertNames(), Key.Name);
    AlertTuning T;
    T.Alert = static_cast<ResilienceAlert>(It - resilienceAlertNames().begin());
    T.Loc = Key.Loc;
    std::string What =
        "alert '" + Key.Name + "' of dependency '" + D.Name + "'";
    StringRef Meaning = thresholdMeaning(T.Alert);
    R.mapping(V, What,
              Meaning.empty() ? ArrayRef<StringRef>{"for"}
                              : ArrayRef<StringRef>{"threshold", "for"},
              [&](const Ref &Field, Node *Value) {
                std::string Of = "'" + Field.Name + "' of " + What;
                if (Field.Name == "for") {
                  T.For = parseFor(Value, Of);
                  return;
                }
                std::optional<double> Threshold = R.number(Value, Of);
                if (Threshold && !thresholdInRange(T.Alert, *Threshold)) {
                  R.diags().report(checks::InvalidValue, R.locate(Value),
                                   formatv("{0} is {1}; it is {2}", Of,
                                           formatNumber(*Threshold), Meaning));
                  return;
                }
                T.Threshold = Threshold;
              });
    D.Alerts.push_back(std::move(T));
  });
}

} // namespace schema
} // namespace telegen
