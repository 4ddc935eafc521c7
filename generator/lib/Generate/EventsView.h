//===- EventsView.h - A schema's events, for templates ----------*- C++ -*-===//
//
// Adds to a module's view what the C++ templates need for its events: one
// emitter per event of the schema and of its built-in imports (arguments
// for required fields, setters for optional ones, the record's values, the
// metric updates), enum classes for enum fields with values of their own,
// and the dependencies the health endpoints report. The resilience
// contract's roles (which events are breaker state changes, which are
// failed calls) are known here; docs/resilience.md shows the code.
//
// Usage:
//   ModuleView View = ...;           // labels and metrics (MetricsView.h)
//   addEventsView(Loaded->Schema, View);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_EVENTSVIEW_H
#define TELEGEN_GENERATE_EVENTSVIEW_H

#include "Generate/ViewModel.h"
#include "Schema/Model.h"

namespace telegen {
namespace generate {

/// Fills View's events, field enums, enum maps and dependencies from a
/// model that loaded and checked without errors. View.Namespace and its
/// built-in namespaces must already be set.
void addEventsView(const schema::Model &M, ModuleView &View);

} // namespace generate
} // namespace telegen

#endif
