//===- DashboardsView.cpp - Dashboards, as Grafana's JSON -----------------===//
#include "Generate/OperationsView.h"
#include "Generate/ViewText.h"
#include "Operations/Dashboards.h"
#include "Support/Numbers.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
using namespace telegen::operations;

namespace telegen {
namespace generate {
namespace {

StringRef typeOf(PanelKind K) {
  switch (K) {
  case PanelKind::Row:
    return "row";
  case PanelKind::TimeSeries:
    return "timeseries";
  case PanelKind::StateTimeline:
    return "state-timeline";
  case PanelKind::Stat:
    return "stat";
  }
  return "";
}

PanelView panelView(const Panel &P, unsigned Id) {
  PanelView V;
  V.Id = utostr(Id);
  V.Type = jsonString(typeOf(P.Kind));
  V.Title = jsonString(P.Title);
  V.Description = jsonString(P.Description);
  V.X = utostr(P.X);
  V.Y = utostr(P.Y);
  V.W = utostr(P.W);
  V.H = utostr(P.H);
  V.Row = P.Kind == PanelKind::Row;
  V.TimeSeries = P.Kind == PanelKind::TimeSeries;
  V.StateTimeline = P.Kind == PanelKind::StateTimeline;
  V.Stat = P.Kind == PanelKind::Stat;
  V.Unit = jsonString(P.Unit);
  for (size_t I = 0; I < P.Queries.size(); ++I)
    V.Targets.push_back({jsonString(std::string(1, char('A' + I))),
                         jsonString(P.Queries[I].Expr),
                         jsonString(P.Queries[I].Legend), P.Queries[I].Exemplar,
                         ""});
  for (size_t I = 0; I < P.Mappings.size(); ++I)
    V.Mappings.push_back({jsonString(P.Mappings[I].Value),
                          jsonString(P.Mappings[I].Text),
                          jsonString(P.Mappings[I].Color), utostr(I), ""});
  // Every panel has a base color; a panel without thresholds is green.
  std::vector<ThresholdStep> Steps = P.Thresholds;
  if (Steps.empty())
    Steps.push_back({std::nullopt, "green"});
  for (const ThresholdStep &T : Steps)
    V.Thresholds.push_back(
        {T.From ? formatNumber(*T.From) : "null", jsonString(T.Color), ""});
  for (const PanelLink &L : P.Links)
    V.Links.push_back({jsonString(L.Title), jsonString(L.Url), ""});
  setCommas(V.Targets);
  setCommas(V.Mappings);
  setCommas(V.Thresholds);
  setCommas(V.Links);
  return V;
}

} // namespace

void addDashboardsView(ModuleView &View, const schema::Model &M,
                       const Options &O) {
  for (const Dashboard &D : buildDashboards(M, O)) {
    DashboardView V;
    V.Slug = D.Slug;
    V.Uid = jsonString(D.Uid);
    V.Title = jsonString(D.Title);
    V.Description = jsonString(D.Description);
    std::vector<std::string> Tags;
    for (const std::string &T : D.Tags)
      Tags.push_back(jsonString(T));
    V.Tags = join(Tags, ", ");
    for (size_t I = 0; I < D.Panels.size(); ++I)
      V.Panels.push_back(panelView(D.Panels[I], I + 1));
    setCommas(V.Panels);
    View.Dashboards.push_back(std::move(V));
  }
}

} // namespace generate
} // namespace telegen
