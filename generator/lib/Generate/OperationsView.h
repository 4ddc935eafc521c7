//===- OperationsView.h - The operations targets' view ----------*- C++ -*-===//
//
// Fills the operations part of a module's view (OperationsViewModel.h) from
// the models Operations/ builds: rules and their tests, dashboards,
// runbooks, and the schema reference.
//
// Usage:
//   ModuleView View = buildModuleView(Model, "orders.yaml", "orders");
//   addOperationsView(View, Model, Options);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_OPERATIONSVIEW_H
#define TELEGEN_GENERATE_OPERATIONSVIEW_H

#include "Generate/ViewModel.h"
#include "Operations/Rules.h"
#include "Schema/Model.h"

namespace telegen {
namespace generate {

void addOperationsView(ModuleView &View, const schema::Model &M,
                       const operations::Options &O);

// The parts.
void addRulesView(ModuleView &View, const schema::Model &M,
                  const operations::Options &O);
void addDashboardsView(ModuleView &View, const schema::Model &M,
                       const operations::Options &O);
void addRunbooksView(ModuleView &View, const schema::Model &M,
                     const operations::Options &O);
void addReferenceView(ModuleView &View, const schema::Model &M,
                      const operations::Options &O);

/// Gives each item of a JSON list the comma that follows it: "," for all
/// but the last.
template <typename T> void setCommas(std::vector<T> &Items) {
  for (size_t I = 0; I < Items.size(); ++I)
    Items[I].Comma = I + 1 < Items.size() ? "," : "";
}

} // namespace generate
} // namespace telegen

#endif
