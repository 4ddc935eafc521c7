//===- ReferenceView.cpp - The schema's reference, as Markdown ------------===//
//
// What Weaver's documentation target writes for semantic conventions, for
// one service: every label with its values, every metric with its type,
// unit and labels, every event with its level, fields and the metrics it
// updates, every span, dependency, SLO and alert (generated or the
// service's own).
//
//===----------------------------------------------------------------------===//
#include "Generate/OperationsView.h"
#include "Generate/ViewText.h"
#include "Operations/Promql.h"
#include "Operations/SloQueries.h"
#include "Support/Duration.h"
#include "Support/Numbers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;
using namespace telegen::operations;

namespace telegen {
namespace generate {
namespace {

std::string code(StringRef Text) {
  return Text.empty() ? "" : "`" + Text.str() + "`";
}

std::string codes(ArrayRef<std::string> Items) {
  std::vector<std::string> Coded;
  for (const std::string &I : Items)
    Coded.push_back(code(I));
  return join(Coded, ", ");
}

std::vector<std::string> names(const std::vector<Ref> &Refs) {
  std::vector<std::string> Names;
  for (const Ref &R : Refs)
    Names.push_back(R.Name);
  return Names;
}

ReferenceSectionView section(StringRef Heading, std::string Title,
                             std::vector<std::string> Paragraphs,
                             std::vector<std::string> Columns) {
  ReferenceSectionView S;
  S.Heading = Heading.str();
  S.Title = std::move(Title);
  S.Paragraphs = std::move(Paragraphs);
  for (size_t I = 0; I < Columns.size(); ++I)
    S.Separator += "|---";
  S.Separator += "|";
  S.Columns = std::move(Columns);
  return S;
}

void row(ReferenceSectionView &S, std::vector<std::string> Cells) {
  for (std::string &C : Cells)
    C = markdownCell(C);
  S.Rows.push_back({std::move(Cells)});
  S.HasTable = true;
}

std::string builtinNote(StringRef Builtin) {
  return Builtin.empty() ? "" : "built-in `" + Builtin.str() + "`";
}

std::string fieldPresence(const Field &F) {
  if (F.Const)
    return "const `" + *F.Const + "`";
  if (F.Required)
    return "required";
  if (F.Default)
    return "default `" + *F.Default + "`";
  return "optional";
}

std::string fieldType(const Field &F) {
  if (F.Type != FieldType::Enum)
    return name(F.Type).str();
  if (F.EnumLabel)
    return "enum of label `" + F.EnumLabel->Name + "`";
  return "enum: " + codes(F.Values);
}

/// An event's or a span's section: a paragraph, then its fields or
/// attributes (Kind) as a table.
ReferenceSectionView fieldSection(StringRef Name, std::string Text,
                                  StringRef Kind,
                                  const std::vector<Field> &Fields) {
  ReferenceSectionView S = section("###", code(Name), {std::move(Text)},
                                   {Kind.str(), "type", "presence", "help"});
  for (const Field &F : Fields)
    row(S, {code(F.Name), fieldType(F),
            fieldPresence(F) + (F.Redacted ? ", redacted" : ""), F.Help});
  return S;
}

void labels(ModuleView &V, const Model &M) {
  ReferenceSectionView S =
      section("##", "Labels", {}, {"label", "values", "help"});
  for (const Label &L : M.Labels)
    row(S,
        {code(L.Name),
         L.Kind == LabelKind::Dynamic
             ? formatv("dynamic, up to {0} (then `__overflow__`)", L.MaxValues)
                   .str()
             : codes(L.Values),
         L.Help});
  V.Reference.push_back(std::move(S));
}

void metrics(ModuleView &V, const Model &M) {
  ReferenceSectionView S = section(
      "##", "Metrics",
      {"Histograms also export `_bucket` (by `le`), `_sum` and `_count`; "
       "Prometheus adds `job` and `instance` to every series."},
      {"metric", "type", "unit", "labels", "help", "from"});
  for (const Metric &X : M.Metrics) {
    std::string Type = name(X.Type).str();
    if (X.Type == MetricType::Histogram) {
      std::vector<std::string> Bounds;
      for (double B : X.Buckets)
        Bounds.push_back(formatNumber(B));
      Type += " (buckets " + join(Bounds, ", ") + ")";
    }
    row(S, {code(X.Name), Type, X.Unit, codes(names(X.Labels)), X.Help,
            builtinNote(X.Builtin)});
  }
  V.Reference.push_back(std::move(S));
}

void events(ModuleView &V, const Model &M) {
  if (M.Events.empty())
    return;
  V.Reference.push_back(section(
      "##", "Events",
      {"Each event is one JSON line in the log (with `timestamp`, `level`, "
       "`logger`, `event` and the request's `request_id`, `trace_id`, "
       "`span_id`), the metrics it updates, and an event on the current "
       "span."},
      {}));
  for (const Event &E : M.Events) {
    std::vector<std::string> Updates;
    for (const MetricUpdate &U : E.Updates)
      Updates.push_back(code(U.Metric.Name));
    std::string Text = "Level " + name(E.Level).str() + ".";
    if (!E.Help.empty())
      Text += " " + E.Help;
    if (!Updates.empty())
      Text += " Updates " + join(Updates, ", ") + ".";
    if (!E.Builtin.empty())
      Text += " From the " + builtinNote(E.Builtin) + " schema.";
    V.Reference.push_back(fieldSection(E.Name, Text, "field", E.Fields));
  }
}

void spans(ModuleView &V, const Model &M) {
  if (M.Spans.empty())
    return;
  V.Reference.push_back(section("##", "Spans", {}, {}));
  for (const Span &Sp : M.Spans) {
    std::string Text = "Kind " + name(Sp.Kind).str() + ".";
    if (!Sp.Help.empty())
      Text += " " + Sp.Help;
    if (!Sp.Events.empty())
      Text += " Events: " + codes(names(Sp.Events)) + ".";
    V.Reference.push_back(
        fieldSection(Sp.Name, Text, "attribute", Sp.Attributes));
  }
}

void dependencies(ModuleView &V, const Model &M) {
  if (M.Dependencies.empty())
    return;
  ReferenceSectionView S = section("##", "Dependencies", {},
                                   {"dependency", "critical", "alert tunings"});
  for (const Dependency &D : M.Dependencies) {
    std::vector<std::string> Tunings;
    for (const AlertTuning &T : D.Alerts) {
      std::string Text = name(T.Alert).str();
      if (T.Threshold)
        Text += " threshold " + formatNumber(*T.Threshold);
      if (T.For)
        Text += " for " + formatDuration(*T.For);
      Tunings.push_back(Text);
    }
    row(S, {code(D.Name),
            D.Critical ? "yes: readiness fails while it is down" : "no",
            join(Tunings, "; ")});
  }
  V.Reference.push_back(std::move(S));
}

void slos(ModuleView &V, const Model &M) {
  if (M.Slos.empty())
    return;
  ReferenceSectionView S = section(
      "##", "SLOs",
      {"Each SLO has recording rules `slo:sli_error:ratio_rate<window>` "
       "(5m to 3d and its own window) and `slo:error_budget:remaining`, "
       "labelled `slo`, and four burn-rate alerts."},
      {"SLO", "objective", "window", "metric", "bad events", "help"});
  for (const Slo &X : M.Slos) {
    std::string Bad;
    if (X.Kind == SloKind::Latency) {
      const Metric *Measured = M.findMetric(X.Metric.Name);
      Bad = "slower than " + formatNumber(X.Threshold);
      if (Measured && !Measured->Unit.empty())
        Bad += " " + Measured->Unit;
    } else {
      std::vector<std::string> Selectors;
      for (const std::string &Matcher : errorMatchers(X))
        Selectors.push_back(code(Matcher));
      Bad = join(Selectors, ", ");
    }
    row(S, {code(X.Name), formatRatio(X.Objective) + "%", X.Window,
            code(X.Metric.Name), Bad, X.Help});
  }
  V.Reference.push_back(std::move(S));
}

void alerts(ModuleView &V, const Model &M, const Options &O) {
  ReferenceSectionView S = section(
      "##", "Alerts",
      {"The rules of `" + O.FileStem +
       ".rules.yml`, by group; each alert's runbook is named after it."},
      {"alert", "group", "severity", "for", "expression", "summary"});
  for (const RuleGroup &G : buildRuleGroups(M, O))
    for (const operations::Rule &R : G.Rules) {
      if (!R.Alert)
        continue;
      std::string Severity, Summary;
      for (const auto &[Key, Value] : R.Labels)
        if (Key == "severity")
          Severity = Value;
      for (const auto &[Key, Value] : R.Annotations)
        if (Key == "summary")
          Summary = Value;
      row(S, {code(R.Name), code(G.Name), Severity,
              R.For ? formatDuration(R.For) : "", code(R.Expr), Summary});
    }
  if (S.HasTable)
    V.Reference.push_back(std::move(S));
}

} // namespace

void addReferenceView(ModuleView &View, const Model &M, const Options &O) {
  labels(View, M);
  metrics(View, M);
  events(View, M);
  spans(View, M);
  dependencies(View, M);
  slos(View, M);
  alerts(View, M, O);
}

} // namespace generate
} // namespace telegen
