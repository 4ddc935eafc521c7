//===- Diff.h - Breaking changes between two versions of a schema -*- C++
//-*-===//
//
// Compares two loaded models and reports what a new version breaks for the
// dashboards, alerts and code built on the old one: removed (or renamed)
// metrics, labels, events and spans, changed types, label sets, units,
// buckets and fields, removed enum values. Breaking changes are errors,
// risky ones warnings, additions notes.
//
// Usage:
//   diffSchemas(Old->Schema, New->Schema, Diags);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DIFF_DIFF_H
#define TELEGEN_DIFF_DIFF_H

#include "Schema/Model.h"
#include "Support/Diagnostic.h"

#include "llvm/ADT/ArrayRef.h"

namespace telegen {

void diffSchemas(const schema::Model &Old, const schema::Model &New,
                 DiagnosticList &Diags);

} // namespace telegen

#endif
