//===- OperationsViewModel.h - What the operations templates render -*- C++
//-*-===//
//
// The view of the operations targets: Prometheus rules and their promtool
// tests (YAML), Grafana dashboards (JSON), runbooks and the schema
// reference (Markdown). As in ViewModel.h, every string is ready to write:
// YAML scalars and JSON strings quoted, Markdown table cells escaped;
// items of a JSON list carry the comma that follows them ("," or "").
// docs/operations.md describes the fields.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_OPERATIONSVIEWMODEL_H
#define TELEGEN_GENERATE_OPERATIONSVIEWMODEL_H

#include <string>
#include <vector>

namespace telegen {
namespace generate {

/// An entry of a YAML mapping: the key, and the value as a quoted scalar.
struct KeyValueView {
  std::string Key;
  std::string Value;
};
template <typename Fn> void forEachField(const KeyValueView &V, Fn &&Field) {
  Field("key", V.Key);
  Field("value", V.Value);
}

/// A Prometheus rule: alerting (alert) or recording (record).
struct RuleView {
  bool Alert = false;
  bool Record = false;
  std::string Name; // YAML scalar
  std::string Expr; // YAML scalar
  bool HasFor = false;
  std::string For; // 5m
  bool HasLabels = false;
  std::vector<KeyValueView> Labels;
  bool HasAnnotations = false;
  std::vector<KeyValueView> Annotations;
};
template <typename Fn> void forEachField(const RuleView &V, Fn &&Field) {
  Field("alert", V.Alert);
  Field("record", V.Record);
  Field("name", V.Name);
  Field("expr", V.Expr);
  Field("has_for", V.HasFor);
  Field("for", V.For);
  Field("has_labels", V.HasLabels);
  Field("labels", V.Labels);
  Field("has_annotations", V.HasAnnotations);
  Field("annotations", V.Annotations);
}

struct RuleGroupView {
  std::string Name; // YAML scalar
  std::vector<RuleView> Rules;
};
template <typename Fn> void forEachField(const RuleGroupView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("rules", V.Rules);
}

/// An input series of a promtool test.
struct TestSeriesView {
  std::string Series; // YAML scalar: 'metric{label="value"}'
  std::string Values; // YAML scalar: '0+10x60'
};
template <typename Fn> void forEachField(const TestSeriesView &V, Fn &&Field) {
  Field("series", V.Series);
  Field("values", V.Values);
}

struct ExpectedAlertView {
  std::vector<KeyValueView> Labels;
  std::vector<KeyValueView> Annotations;
};
template <typename Fn>
void forEachField(const ExpectedAlertView &V, Fn &&Field) {
  Field("labels", V.Labels);
  Field("annotations", V.Annotations);
}

/// The alerts of a name firing at a time; none for a silent case.
struct AlertCheckView {
  std::string EvalTime; // 15m
  std::string AlertName;
  bool HasAlerts = false;
  std::vector<ExpectedAlertView> Alerts;
};
template <typename Fn> void forEachField(const AlertCheckView &V, Fn &&Field) {
  Field("eval_time", V.EvalTime);
  Field("alertname", V.AlertName);
  Field("has_alerts", V.HasAlerts);
  Field("alerts", V.Alerts);
}

struct RuleTestView {
  std::string Name;     // YAML scalar
  std::string Interval; // 1m
  std::vector<TestSeriesView> Series;
  std::vector<AlertCheckView> Checks;
};
template <typename Fn> void forEachField(const RuleTestView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("interval", V.Interval);
  Field("series", V.Series);
  Field("checks", V.Checks);
}

/// A promtool test file.
struct RuleTestFileView {
  std::string Name; // resilience: the file is <stem>.resilience.test.yml
  std::string EvaluationInterval;
  /// The rule groups in the order the tests evaluate them (YAML scalars).
  std::vector<std::string> GroupOrder;
  std::vector<RuleTestView> Tests;
};
template <typename Fn>
void forEachField(const RuleTestFileView &V, Fn &&Field) {
  Field("name", V.Name);
  Field("evaluation_interval", V.EvaluationInterval);
  Field("group_order", V.GroupOrder);
  Field("tests", V.Tests);
}

/// A query of a panel.
struct TargetView {
  std::string RefId;  // JSON string: "A"
  std::string Expr;   // JSON string
  std::string Legend; // JSON string
  bool Exemplar = false;
  std::string Comma;
};
template <typename Fn> void forEachField(const TargetView &V, Fn &&Field) {
  Field("ref_id", V.RefId);
  Field("expr", V.Expr);
  Field("legend", V.Legend);
  Field("exemplar", V.Exemplar);
  Field("comma", V.Comma);
}

/// A value shown as a word and a color.
struct MappingView {
  std::string Value; // JSON string: "2"
  std::string Text;  // JSON string: "open"
  std::string Color; // JSON string: "red"
  std::string Index; // 2
  std::string Comma;
};
template <typename Fn> void forEachField(const MappingView &V, Fn &&Field) {
  Field("value", V.Value);
  Field("text", V.Text);
  Field("color", V.Color);
  Field("index", V.Index);
  Field("comma", V.Comma);
}

struct ThresholdView {
  std::string Value; // a JSON number, or null for the first step
  std::string Color; // JSON string
  std::string Comma;
};
template <typename Fn> void forEachField(const ThresholdView &V, Fn &&Field) {
  Field("value", V.Value);
  Field("color", V.Color);
  Field("comma", V.Comma);
}

struct LinkView {
  std::string Title; // JSON string
  std::string Url;   // JSON string
  std::string Comma;
};
template <typename Fn> void forEachField(const LinkView &V, Fn &&Field) {
  Field("title", V.Title);
  Field("url", V.Url);
  Field("comma", V.Comma);
}

/// A panel of a dashboard: a row, or a time series, state timeline or stat
/// panel of Prometheus queries.
struct PanelView {
  std::string Id;          // 1
  std::string Type;        // JSON string: "timeseries"
  std::string Title;       // JSON string
  std::string Description; // JSON string
  std::string X, Y, W, H;
  bool Row = false;
  bool TimeSeries = false;
  bool StateTimeline = false;
  bool Stat = false;
  std::string Unit; // JSON string
  std::vector<TargetView> Targets;
  std::vector<MappingView> Mappings;
  std::vector<ThresholdView> Thresholds;
  std::vector<LinkView> Links;
  std::string Comma;
};
template <typename Fn> void forEachField(const PanelView &V, Fn &&Field) {
  Field("id", V.Id);
  Field("type", V.Type);
  Field("title", V.Title);
  Field("description", V.Description);
  Field("x", V.X);
  Field("y", V.Y);
  Field("w", V.W);
  Field("h", V.H);
  Field("row", V.Row);
  Field("timeseries", V.TimeSeries);
  Field("state_timeline", V.StateTimeline);
  Field("stat", V.Stat);
  Field("unit", V.Unit);
  Field("targets", V.Targets);
  Field("mappings", V.Mappings);
  Field("thresholds", V.Thresholds);
  Field("links", V.Links);
  Field("comma", V.Comma);
}

struct DashboardView {
  std::string Slug;        // operations: the file's name
  std::string Uid;         // JSON string
  std::string Title;       // JSON string
  std::string Description; // JSON string
  std::string Tags;        // JSON strings joined: "telegen", "orders"
  std::vector<PanelView> Panels;
};
template <typename Fn> void forEachField(const DashboardView &V, Fn &&Field) {
  Field("slug", V.Slug);
  Field("uid", V.Uid);
  Field("title", V.Title);
  Field("description", V.Description);
  Field("tags", V.Tags);
  Field("panels", V.Panels);
}

struct RunbookStepView {
  std::string Number; // 1
  std::string Text;   // Markdown
  bool HasCommand = false;
  std::string Command;
  std::string Language; // sh, promql
};
template <typename Fn> void forEachField(const RunbookStepView &V, Fn &&Field) {
  Field("number", V.Number);
  Field("text", V.Text);
  Field("has_command", V.HasCommand);
  Field("command", V.Command);
  Field("language", V.Language);
}

/// One alert's runbook (Markdown).
struct RunbookView {
  std::string Alert;
  std::string Severity;
  std::vector<std::string> Meaning;
  bool HasCauses = false;
  std::vector<std::string> Causes;
  std::vector<RunbookStepView> Steps;
  bool HasResolution = false;
  std::vector<std::string> Resolution;
  std::vector<std::string> Escalation;
  bool HasServiceText = false;
  std::string ServiceText;
};
template <typename Fn> void forEachField(const RunbookView &V, Fn &&Field) {
  Field("alert", V.Alert);
  Field("severity", V.Severity);
  Field("meaning", V.Meaning);
  Field("has_causes", V.HasCauses);
  Field("causes", V.Causes);
  Field("steps", V.Steps);
  Field("has_resolution", V.HasResolution);
  Field("resolution", V.Resolution);
  Field("escalation", V.Escalation);
  Field("has_service_text", V.HasServiceText);
  Field("service_text", V.ServiceText);
}

/// A row of one of the reference's Markdown tables: its cells, escaped.
struct ReferenceRowView {
  std::vector<std::string> Cells;
};
template <typename Fn>
void forEachField(const ReferenceRowView &V, Fn &&Field) {
  Field("cells", V.Cells);
}

/// A section of the schema reference: a heading, paragraphs, and a table.
struct ReferenceSectionView {
  std::string Heading; // ## or ###
  std::string Title;
  std::vector<std::string> Paragraphs;
  bool HasTable = false;
  /// The header row, and the rows.
  std::vector<std::string> Columns;
  std::string Separator; // |---|---|
  std::vector<ReferenceRowView> Rows;
};
template <typename Fn>
void forEachField(const ReferenceSectionView &V, Fn &&Field) {
  Field("heading", V.Heading);
  Field("title", V.Title);
  Field("paragraphs", V.Paragraphs);
  Field("has_table", V.HasTable);
  Field("columns", V.Columns);
  Field("separator", V.Separator);
  Field("rows", V.Rows);
}

} // namespace generate
} // namespace telegen

#endif
