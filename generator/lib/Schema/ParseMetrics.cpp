//===- ParseMetrics.cpp - Labels and metrics ------------------------------===//
#include "Check/Catalog.h"
#include "Check/NamingRules.h"
#include "Schema/FileParser.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

/// Prometheus' default histogram buckets, in seconds.
const double DefaultBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                 0.5,   1,    2.5,   5,    10};

/// The value a dynamic label's extra values are counted under.
constexpr StringRef OverflowValue = "__overflow__";

} // namespace

void FileParser::parseLabel(const Ref &Name, Node *N) {
  const std::string What = "label '" + Name.Name + "'";
  Label L;
  L.Name = Name.Name;
  L.Loc = Name.Loc;
  std::optional<Ref> KindKey; // the first of values / max_values / values_from
  bool Valid = true;
  auto SetKind = [&](const Ref &Key, LabelKind Kind) {
    if (KindKey) {
      R.diags().report(
          checks::ConflictingKeys, Key.Loc,
          formatv("{0} has both '{1}' and '{2}'; a label either lists its "
                  "values, takes them from 'dependencies', or bounds them "
                  "with 'max_values'",
                  What, KindKey->Name, Key.Name));
      Valid = false;
      return false;
    }
    KindKey = Key;
    L.Kind = Kind;
    return true;
  };
  bool IsMapping = R.mapping(
      N, What, {"help", "values", "max_values", "values_from"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "help") {
          L.Help = R.string(V, "'help' of " + What).value_or("");
        } else if (Key.Name == "values") {
          if (!SetKind(Key, LabelKind::Enumerated))
            return;
          StringMap<Location> Seen;
          Valid &= R.sequence(V, "'values' of " + What, [&](Node *E) {
            std::optional<std::string> Value =
                R.scalarText(E, "a value of " + What);
            if (!Value)
              return;
            Location Loc = R.locate(E);
            if (Value->empty() || *Value == OverflowValue) {
              R.diags().report(checks::InvalidValue, Loc,
                               Value->empty()
                                   ? "a label value is not empty"
                                   : "'__overflow__' is the value telegen "
                                     "counts overflowing series under");
              return;
            }
            if (!firstListing(Seen, *Value, Loc, What))
              return;
            L.Values.push_back(std::move(*Value));
            L.ValueLocs.push_back(Loc);
          });
          if (Valid && L.Values.empty()) {
            R.diags().report(checks::InvalidValue, Key.Loc,
                             What + " lists no values");
            Valid = false;
          }
        } else if (Key.Name == "max_values") {
          if (!SetKind(Key, LabelKind::Dynamic))
            return;
          std::optional<uint64_t> Max = R.count(V, "'max_values' of " + What);
          if (Max && *Max == 0)
            R.diags().report(checks::InvalidValue, R.locate(V),
                             "'max_values' is at least 1");
          Valid &= Max && *Max > 0;
          L.MaxValues = Max.value_or(0);
        } else if (Key.Name == "values_from") {
          if (!SetKind(Key, LabelKind::Enumerated))
            return;
          Valid &= R.oneOf(V, "'values_from' of " + What, {"dependencies"},
                           checks::InvalidValue)
                       .has_value();
          L.ValuesFromDependencies = true;
        }
      });
  if (IsMapping && !KindKey) {
    R.diags().report(checks::MissingKey, Name.Loc,
                     What + " needs 'values' (an enumerated label), "
                            "'max_values' (a bounded dynamic label) or "
                            "'values_from: dependencies'");
    Valid = false;
  }
  if (!IsMapping || !Valid) {
    Out.Broken.push_back("label:" + Name.Name);
    return;
  }
  Out.Decls.Labels.push_back(std::move(L));
}

void FileParser::parseMetric(const Ref &Name, Node *N) {
  const std::string What = "metric '" + Name.Name + "'";
  Metric M;
  M.Name = Name.Name;
  M.Loc = Name.Loc;
  bool HasType = false, TypeWritten = false, HasHelp = false;
  std::optional<Ref> BucketsKey, ModeKey, ExemplarsKey;
  std::optional<bool> Exemplars;
  bool IsMapping = R.mapping(
      N, What,
      {"type", "help", "unit", "labels", "buckets", "cardinality",
       "multiprocess_mode", "exemplars"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "type") {
          TypeWritten = true;
          std::optional<unsigned> Type = R.oneOf(
              V, "'type' of " + What, metricTypeNames(), checks::InvalidValue);
          HasType = Type.has_value();
          M.Type = MetricType(Type.value_or(0));
        } else if (Key.Name == "help") {
          HasHelp = true;
          M.Help = R.string(V, "'help' of " + What).value_or("");
        } else if (Key.Name == "unit") {
          std::optional<std::string> Unit = R.string(V, "'unit' of " + What);
          if (!Unit)
            return;
          // Reported units are recovered as their fix, so the checks of the
          // name do not report the same mistake again.
          StringRef Base = naming::baseUnitFor(*Unit, /*InName=*/false);
          if (!Base.empty()) {
            R.diags()
                .report(checks::UnitAbbreviation, R.locate(V),
                        formatv("unit '{0}' is not a base unit; use '{1}', "
                                "and record values in that unit",
                                *Unit, Base))
                .fixIt(Base);
            M.Unit = Base.str();
          } else if (!naming::isSnakeCase(*Unit)) {
            R.diags().report(checks::SnakeCase, R.locate(V),
                             formatv("unit '{0}' must be a lowercase word "
                                     "such as 'seconds' or 'bytes'",
                                     *Unit));
            M.Unit = naming::toSnakeCase(*Unit);
          } else {
            M.Unit = *Unit;
          }
        } else if (Key.Name == "labels") {
          M.Labels = R.stringList(V, "'labels' of " + What)
                         .value_or(std::vector<Ref>());
        } else if (Key.Name == "buckets") {
          BucketsKey = Key;
          parseBuckets(Key, V, M, What);
        } else if (Key.Name == "cardinality") {
          std::optional<uint64_t> Budget =
              R.count(V, "'cardinality' of " + What);
          if (Budget && *Budget == 0)
            R.diags().report(checks::InvalidValue, R.locate(V),
                             "a cardinality budget is at least 1");
          else if (Budget)
            M.Cardinality = *Budget;
        } else if (Key.Name == "multiprocess_mode") {
          ModeKey = Key;
          std::optional<unsigned> Mode =
              R.oneOf(V, "'multiprocess_mode' of " + What, gaugeModeNames(),
                      checks::InvalidValue);
          M.MultiprocessMode = GaugeMode(Mode.value_or(0));
        } else if (Key.Name == "exemplars") {
          ExemplarsKey = Key;
          Exemplars = R.boolean(V, "'exemplars' of " + What);
        }
      });
  if (!IsMapping) {
    Out.Broken.push_back("metric:" + Name.Name);
    return;
  }
  if (!HasHelp)
    R.reportMissing(Name.Loc, What, "help");
  if (!HasType) {
    if (!TypeWritten)
      R.reportMissing(Name.Loc, What, "type");
    Out.Broken.push_back("metric:" + Name.Name);
    return;
  }
  if (BucketsKey && M.Type != MetricType::Histogram) {
    R.diags().report(checks::Buckets, BucketsKey->Loc,
                     formatv("only histograms have buckets; {0} is a {1}", What,
                             name(M.Type)));
    M.Buckets.clear();
  }
  if (ModeKey && M.Type != MetricType::Gauge)
    R.diags().report(checks::MultiprocessMode, ModeKey->Loc,
                     formatv("only gauges have a multiprocess_mode ({0} is a "
                             "{1}); counters and histograms are summed over "
                             "processes",
                             What, name(M.Type)));
  if (ExemplarsKey && M.Type == MetricType::Gauge)
    R.diags().report(checks::Exemplars, ExemplarsKey->Loc,
                     formatv("only counters and histograms have exemplars; {0} "
                             "is a gauge",
                             What));
  // On by default where a trace link helps most: a histogram's buckets.
  M.Exemplars = M.Type != MetricType::Gauge &&
                Exemplars.value_or(M.Type == MetricType::Histogram);
  if (M.Type == MetricType::Histogram && !BucketsKey)
    M.Buckets.assign(std::begin(DefaultBuckets), std::end(DefaultBuckets));
  Out.Decls.Metrics.push_back(std::move(M));
}

void FileParser::parseBuckets(const Ref &Key, Node *N, Metric &M,
                              const std::string &What) {
  std::optional<double> Previous;
  Location PreviousLoc;
  unsigned Written = 0;
  bool IsList = R.sequence(N, "'buckets' of " + What, [&](Node *E) {
    ++Written;
    std::optional<double> Bound = R.number(E, "a bucket of " + What);
    if (!Bound)
      return;
    Location Loc = R.locate(E);
    if (!std::isfinite(*Bound)) {
      R.diags().report(checks::Buckets, Loc,
                       "bucket bounds are finite numbers; the +Inf bucket is "
                       "always there");
      return;
    }
    if (Previous && *Bound <= *Previous) {
      R.diags()
          .report(checks::Buckets, Loc,
                  *Bound == *Previous
                      ? "bucket bound is listed twice"
                      : "bucket bounds must be in ascending order")
          .note(PreviousLoc, "after this bound");
      return;
    }
    Previous = Bound;
    PreviousLoc = Loc;
    M.Buckets.push_back(*Bound);
  });
  if (IsList && Written == 0)
    R.diags().report(checks::Buckets, Key.Loc,
                     What + " lists no buckets; leave 'buckets' out for the "
                            "default ones");
}

bool FileParser::firstListing(StringMap<Location> &Seen, StringRef Value,
                              const Location &Loc, const std::string &What) {
  auto [Previous, Inserted] = Seen.try_emplace(Value, Loc);
  if (!Inserted)
    R.diags()
        .report(checks::Duplicate, Loc,
                formatv("value '{0}' is listed twice in {1}", Value, What))
        .note(Previous->second, "first listed here");
  return Inserted;
}

} // namespace schema
} // namespace telegen
