//===- Naming.cpp - Prometheus and telegen naming rules -------------------===//
#include "Check/Catalog.h"
#include "Check/CheckContext.h"
#include "Check/NamingRules.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace {

/// Names that become identifiers in generated code and keys in logs:
/// snake_case, or dotted snake_case for spans and attributes.
void checkSnakeCase(const CheckContext &C, StringRef Kind, StringRef Name,
                    const Location &Loc, bool Dotted = false) {
  if (Dotted ? naming::isDottedSnakeCase(Name) : naming::isSnakeCase(Name))
    return;
  std::string Fixed;
  if (Dotted) {
    SmallVector<StringRef, 4> Parts;
    Name.split(Parts, '.');
    for (StringRef Part : Parts)
      Fixed += (Fixed.empty() ? "" : ".") + naming::toSnakeCase(Part);
  } else {
    Fixed = naming::toSnakeCase(Name);
  }
  auto D = C.Diags.report(checks::SnakeCase, Loc,
                          formatv("{0} name '{1}' must be {2}snake_case", Kind,
                                  Name, Dotted ? "dotted " : ""));
  if (!Fixed.empty())
    D.fixIt(Fixed);
}

void checkMetricName(const CheckContext &C, const Metric &M) {
  StringRef Name = M.Name;
  if (!naming::isPrometheusMetricName(Name)) {
    auto D = C.Diags.report(
        checks::InvalidCharacters, M.Loc,
        formatv("metric name '{0}' is not a Prometheus metric name "
                "([a-zA-Z_:][a-zA-Z0-9_:]*)",
                Name));
    if (isASCII(Name))
      D.fixIt(naming::toSnakeCase(Name));
    return;
  }
  if (Name.contains(':'))
    C.Diags.report(checks::Colon, M.Loc,
                   formatv("metric name '{0}' has a colon; colons are for "
                           "recording rules",
                           Name));
  std::string WithoutColons = Name.str();
  std::replace(WithoutColons.begin(), WithoutColons.end(), ':', '_');
  if (!naming::isSnakeCase(WithoutColons)) {
    C.Diags
        .report(checks::SnakeCase, M.Loc,
                formatv("metric name '{0}' must be snake_case", Name))
        .fixIt(naming::toSnakeCase(Name));
    return;
  }

  bool IsCounter = M.Type == MetricType::Counter;
  if (IsCounter && !Name.ends_with("_total"))
    C.Diags
        .report(checks::CounterTotal, M.Loc,
                formatv("counter '{0}' must end in '_total'", Name))
        .fixIt((Name + "_total").str());
  if (!IsCounter && Name.ends_with("_total"))
    C.Diags.report(checks::TotalSuffix, M.Loc,
                   formatv("{0} '{1}' ends in '_total', which marks counters",
                           name(M.Type), Name));

  StringRef Stem = Name;
  Stem.consume_back("_total");
  SmallVector<StringRef, 8> Words;
  Stem.split(Words, '_');
  for (StringRef Word : Words) {
    StringRef Base = naming::baseUnitFor(Word, /*InName=*/true);
    if (Base.empty())
      continue;
    C.Diags.report(checks::UnitAbbreviation, M.Loc,
                   formatv("metric name '{0}' uses '_{1}'; use the base unit "
                           "'_{2}', and record values in that unit",
                           Name, Word, Base));
    return;
  }

  if (!M.Unit.empty()) {
    if (!Stem.ends_with("_" + M.Unit)) {
      std::string Fixed = (Stem + "_" + M.Unit).str();
      if (IsCounter)
        Fixed += "_total";
      C.Diags
          .report(checks::UnitSuffix, M.Loc,
                  formatv("metric '{0}' has unit '{1}', so its name must end "
                          "in '_{1}'{2}",
                          Name, M.Unit, IsCounter ? " before '_total'" : ""))
          .fixIt(Fixed);
    }
  } else if (naming::isBaseUnit(Words.back())) {
    C.Diags.report(checks::MissingUnit, M.Loc,
                   formatv("metric '{0}' is in {1} but declares no unit; add "
                           "'unit: {1}'",
                           Name, Words.back()));
  }
}

void checkLabelName(const CheckContext &C, const Label &L) {
  if (!naming::isPrometheusLabelName(L.Name)) {
    auto D = C.Diags.report(
        checks::InvalidCharacters, L.Loc,
        formatv("label name '{0}' is not a Prometheus label name "
                "([a-zA-Z_][a-zA-Z0-9_]*)",
                L.Name));
    if (isASCII(L.Name))
      D.fixIt(naming::toSnakeCase(L.Name));
    return;
  }
  if (L.Name == "le" || L.Name == "quantile" ||
      StringRef(L.Name).starts_with("__")) {
    C.Diags.report(
        checks::ReservedLabel, L.Loc,
        formatv("label name '{0}' is reserved by Prometheus{1}", L.Name,
                L.Name == "le"         ? " for histogram buckets"
                : L.Name == "quantile" ? " for summary quantiles"
                                       : " ('__' prefixes are internal)"));
    return;
  }
  checkSnakeCase(C, "label", L.Name, L.Loc);
}

void checkFieldNames(const CheckContext &C, const std::vector<Field> &Fields,
                     StringRef Kind, bool Dotted) {
  for (const Field &F : Fields)
    checkSnakeCase(C, Kind, F.Name, F.Loc, Dotted);
}

} // namespace

void checkNaming(const CheckContext &C) {
  for (const Metric &M : C.M.Metrics)
    checkMetricName(C, M);
  for (const Label &L : C.M.Labels)
    checkLabelName(C, L);
  for (const Event &E : C.M.Events) {
    checkSnakeCase(C, "event", E.Name, E.Loc);
    checkFieldNames(C, E.Fields, "field", /*Dotted=*/false);
  }
  for (const Span &S : C.M.Spans) {
    checkSnakeCase(C, "span", S.Name, S.Loc, /*Dotted=*/true);
    checkFieldNames(C, S.Attributes, "attribute", /*Dotted=*/true);
  }
  for (const Dependency &D : C.M.Dependencies)
    checkSnakeCase(C, "dependency", D.Name, D.Loc);
  for (const Slo &S : C.M.Slos)
    checkSnakeCase(C, "SLO", S.Name, S.Loc);
}

} // namespace telegen
