//===- Dashboards.h - Grafana dashboards as a model -------------*- C++ -*-===//
//
// The dashboards of a schema, built as data (rows, panels, queries) for a
// template to serialise as Grafana's dashboard JSON, as grafonnet builds
// them in code: Operations (traffic, errors, latency with trace links,
// saturation, dependencies, health), Resilience (breakers, retries,
// timeouts, bulkheads) and SLOs (budget left, burn rate per window). What
// the schema lacks is left out: no resilience panels without the contract,
// no SLO dashboard without SLOs.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_DASHBOARDS_H
#define TELEGEN_OPERATIONS_DASHBOARDS_H

#include "Operations/Rules.h"
#include "Schema/Model.h"

#include <optional>
#include <string>
#include <vector>

namespace telegen {
namespace operations {

enum class PanelKind { Row, TimeSeries, StateTimeline, Stat };

struct PanelQuery {
  /// PromQL, with Grafana's variables ($job, $__rate_interval, ...).
  std::string Expr;
  std::string Legend;
  /// Grafana shows the exemplars of the query's series as points.
  bool Exemplar = false;
};

/// A value shown as a word and a color (breaker states).
struct ValueMapping {
  std::string Value;
  std::string Text;
  std::string Color;
};

/// A color from a value on; the first step has no value (from -inf).
struct ThresholdStep {
  std::optional<double> From;
  std::string Color;
};

/// A data link; its URL may use Grafana's variables.
struct PanelLink {
  std::string Title;
  std::string Url;
};

struct Panel {
  PanelKind Kind = PanelKind::TimeSeries;
  std::string Title;
  std::string Description;
  /// Grafana's unit id: "s", "percentunit", "reqps", "short".
  std::string Unit = "short";
  std::vector<PanelQuery> Queries;
  std::vector<ValueMapping> Mappings;
  std::vector<ThresholdStep> Thresholds;
  std::vector<PanelLink> Links;
  /// Grid position, 24 columns wide.
  unsigned X = 0, Y = 0, W = 24, H = 1;
};

struct Dashboard {
  /// Names the file: <stem>-<Slug>.json.
  std::string Slug;
  std::string Uid;
  std::string Title;
  std::string Description;
  std::vector<std::string> Tags;
  std::vector<Panel> Panels;
};

std::vector<Dashboard> buildDashboards(const schema::Model &M,
                                       const Options &O);

} // namespace operations
} // namespace telegen

#endif
