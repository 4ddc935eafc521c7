//===- Resolve.h - What a merged model's references imply -------*- C++ -*-===//
#ifndef TELEGEN_SCHEMA_RESOLVE_H
#define TELEGEN_SCHEMA_RESOLVE_H

#include "Schema/Model.h"

namespace telegen {
namespace schema {

/// Sorts a merged model by name and fills in what references imply: the
/// values of labels taken from dependencies and of enum fields typed by a
/// label, the label bindings event updates leave implicit, and the kind of
/// rules that name a span. What does not resolve is left for the checks to
/// report.
void resolve(Model &M);

} // namespace schema
} // namespace telegen

#endif
