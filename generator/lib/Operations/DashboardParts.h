//===- DashboardParts.h - What the dashboards are built from ----*- C++ -*-===//
//
// Shared by the dashboard builders: a layout that places panels on
// Grafana's 24-column grid, selectors filtered by the $job variable, and
// the panels more than one dashboard shows.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_DASHBOARDPARTS_H
#define TELEGEN_OPERATIONS_DASHBOARDPARTS_H

#include "Operations/Dashboards.h"

#include "llvm/ADT/StringRef.h"

#include <string>

namespace telegen {
namespace operations {

/// Places rows and panels top to bottom, panels left to right.
class DashboardLayout {
public:
  explicit DashboardLayout(Dashboard &D) : D(D) {}

  void row(std::string Title);
  /// Adds P Width columns wide (of 24), 8 high.
  void add(Panel P, unsigned Width = 12);

private:
  Dashboard &D;
  unsigned X = 0, Y = 0, RowHeight = 0;
};

/// A dashboard of the schema O names: uid and title from the schema's
/// stem and Slug.
Dashboard newDashboard(const Options &O, llvm::StringRef Slug,
                       llvm::StringRef Title, std::string Description);

/// metric{job=~"$job", Matchers}
std::string jobSelector(llvm::StringRef Metric, llvm::StringRef Matchers = "");

/// sum by (By) (rate(Selector[$__rate_interval])), or sum(...) without By.
std::string sumRate(llvm::StringRef Selector, llvm::StringRef By = "");

Panel timeSeries(std::string Title, std::string Description, std::string Unit,
                 std::vector<PanelQuery> Queries);

Panel stat(std::string Title, std::string Description, std::string Unit,
           std::vector<PanelQuery> Queries);

/// Each dependency's breaker state over time: closed green, half-open
/// yellow, open red.
Panel breakerTimeline();

/// Links from a latency panel to the traces of the service in Tempo or
/// Jaeger (each a data source variable), slower than the value clicked.
std::vector<PanelLink> traceLinks();

/// Grafana's unit for a schema unit: seconds "s", bytes "bytes".
std::string grafanaUnit(llvm::StringRef Unit);

// The dashboards.
Dashboard operationsDashboard(const schema::Model &M, const Options &O);
Dashboard resilienceDashboard(const schema::Model &M, const Options &O);
Dashboard sloDashboard(const schema::Model &M, const Options &O);

/// Whether the schema imports the resilience contract.
bool hasResilience(const schema::Model &M);

} // namespace operations
} // namespace telegen

#endif
