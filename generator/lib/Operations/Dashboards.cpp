//===- Dashboards.cpp - Grafana dashboards as a model ---------------------===//
#include "Operations/DashboardParts.h"

#include "Operations/Promql.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;
using namespace telegen::schema;

namespace telegen {
namespace operations {

void DashboardLayout::row(std::string Title) {
  if (X != 0 || RowHeight != 0) {
    Y += RowHeight;
    X = 0;
    RowHeight = 0;
  }
  Panel Row;
  Row.Kind = PanelKind::Row;
  Row.Title = std::move(Title);
  Row.X = 0;
  Row.Y = Y;
  Row.W = 24;
  Row.H = 1;
  D.Panels.push_back(std::move(Row));
  Y += 1;
}

void DashboardLayout::add(Panel P, unsigned Width) {
  if (X + Width > 24) {
    Y += RowHeight;
    X = 0;
    RowHeight = 0;
  }
  P.X = X;
  P.Y = Y;
  P.W = Width;
  P.H = 8;
  X += Width;
  RowHeight = std::max(RowHeight, P.H);
  D.Panels.push_back(std::move(P));
}

Dashboard newDashboard(const Options &O, StringRef Slug, StringRef Title,
                       std::string Description) {
  Dashboard D;
  D.Slug = Slug.str();
  // Grafana's uids are at most 40 characters of [a-zA-Z0-9_-].
  std::string Uid = "telegen-" + O.FileStem + "-" + Slug.str();
  for (char &C : Uid)
    if (!isAlnum(C) && C != '-' && C != '_')
      C = '-';
  D.Uid = Uid.size() > 40 ? Uid.substr(Uid.size() - 40) : Uid;
  D.Title = O.FileStem + ": " + Title.str();
  D.Description = std::move(Description);
  D.Tags = {"telegen", O.FileStem};
  return D;
}

std::string jobSelector(StringRef Metric, StringRef Matchers) {
  std::string S = Metric.str() + "{job=~\"$job\"";
  if (!Matchers.empty())
    S += ", " + Matchers.str();
  return S + "}";
}

std::string sumRate(StringRef Selector, StringRef By) {
  std::string Sum = By.empty() ? "sum(" : "sum by (" + By.str() + ") (";
  return Sum + "rate(" + Selector.str() + "[$__rate_interval]))";
}

namespace {

Panel panel(PanelKind Kind, std::string Title, std::string Description,
            std::string Unit, std::vector<PanelQuery> Queries) {
  Panel P;
  P.Kind = Kind;
  P.Title = std::move(Title);
  P.Description = std::move(Description);
  P.Unit = std::move(Unit);
  P.Queries = std::move(Queries);
  return P;
}

} // namespace

Panel timeSeries(std::string Title, std::string Description, std::string Unit,
                 std::vector<PanelQuery> Queries) {
  return panel(PanelKind::TimeSeries, std::move(Title), std::move(Description),
               std::move(Unit), std::move(Queries));
}

Panel stat(std::string Title, std::string Description, std::string Unit,
           std::vector<PanelQuery> Queries) {
  return panel(PanelKind::Stat, std::move(Title), std::move(Description),
               std::move(Unit), std::move(Queries));
}

Panel breakerTimeline() {
  Panel P = panel(
      PanelKind::StateTimeline, "Circuit breakers",
      "The state of each dependency's circuit breaker (circuit_breaker_state): "
      "closed, half-open (trial calls) or open (calls fail fast).",
      "short",
      {{"max by (dependency) (" + jobSelector("circuit_breaker_state") + ")",
        "{{dependency}}"}});
  P.Mappings = {{"0", "closed", "green"},
                {"1", "half-open", "yellow"},
                {"2", "open", "red"}};
  return P;
}

namespace {

/// Percent-encodes a URL's query value, leaving Grafana's ${...} variables
/// for Grafana to fill in.
std::string encodeKeepingVariables(StringRef Text) {
  std::string Out;
  while (!Text.empty()) {
    if (Text.starts_with("${")) {
      size_t End = Text.find('}');
      Out += Text.take_front(End + 1).str();
      Text = Text.drop_front(End + 1);
      continue;
    }
    char C = Text.front();
    Text = Text.drop_front();
    if (isAlnum(C) || StringRef("-_.~").contains(C))
      Out += C;
    else
      Out += "%" + utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Out;
}

std::string exploreUrl(StringRef Pane) {
  return "/explore?schemaVersion=1&orgId=1&panes=" +
         encodeKeepingVariables(Pane);
}

} // namespace

std::vector<PanelLink> traceLinks() {
  // Grafana Explore's panes: the trace data source and a query for the
  // service's traces slower than the latency clicked, in the dashboard's
  // time range. The Prometheus job names the service.
  std::string Range = R"("range":{"from":"${__from}","to":"${__to}"})";
  std::string Tempo =
      R"({"traces":{"datasource":"${tempo}","queries":[{"refId":"A",)"
      R"("datasource":{"type":"tempo","uid":"${tempo}"},)"
      R"("queryType":"traceql","query":"{resource.service.name=\"${job}\")"
      R"( && duration>=${__value.raw}s}"}],)" +
      Range + "}}";
  std::string Jaeger =
      R"({"traces":{"datasource":"${jaeger}","queries":[{"refId":"A",)"
      R"("datasource":{"type":"jaeger","uid":"${jaeger}"},)"
      R"("queryType":"search","service":"${job}",)"
      R"("minDuration":"${__value.raw}s"}],)" +
      Range + "}}";
  return {{"Traces in Tempo slower than this", exploreUrl(Tempo)},
          {"Traces in Jaeger slower than this", exploreUrl(Jaeger)}};
}

std::string grafanaUnit(StringRef Unit) {
  if (Unit == "seconds")
    return "s";
  if (Unit == "bytes")
    return "bytes";
  if (Unit == "ratio")
    return "percentunit";
  if (Unit == "celsius")
    return "celsius";
  return "short";
}

bool hasResilience(const Model &M) {
  return M.findMetric("circuit_breaker_state") != nullptr;
}

std::vector<Dashboard> buildDashboards(const Model &M, const Options &O) {
  std::vector<Dashboard> Dashboards{operationsDashboard(M, O)};
  if (hasResilience(M))
    Dashboards.push_back(resilienceDashboard(M, O));
  if (!M.Slos.empty())
    Dashboards.push_back(sloDashboard(M, O));
  return Dashboards;
}

} // namespace operations
} // namespace telegen
