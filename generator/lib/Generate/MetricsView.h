//===- MetricsView.h - A schema's labels and metrics, for templates -*- C++
//-*-===//
//
// Builds the view of one module (a schema with its imports) that the C++
// templates render: enum classes, tables, slots and handles, as
// docs/metrics.md describes the generated code.
//
// Usage:
//   ModuleView View = buildModuleView(Loaded->Schema, "telemetry.yaml",
//                                     "telemetry");
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_METRICSVIEW_H
#define TELEGEN_GENERATE_METRICSVIEW_H

#include "Generate/ViewModel.h"
#include "Schema/Model.h"

#include "llvm/ADT/StringRef.h"

namespace telegen {
namespace generate {

/// The view of a model that loaded and checked without errors (so every
/// reference resolves and every name maps to a distinct identifier).
/// SchemaPath is the schema file; Namespace the C++ namespace to generate
/// into ("telemetry", "acme::orders").
ModuleView buildModuleView(const schema::Model &M, llvm::StringRef SchemaPath,
                           llvm::StringRef Namespace);

/// A schema file's name without its directory and .yaml/.yml extension:
/// what its outputs and, by default, its namespace are named after.
std::string fileStem(llvm::StringRef SchemaPath);

} // namespace generate
} // namespace telegen

#endif
