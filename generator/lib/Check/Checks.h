//===- Checks.h - Everything 'telegen check' verifies in a schema -*- C++
//-*-===//
//
// The checks a loaded schema must pass before anything is generated from it:
// references resolve, names follow Prometheus' and telegen's rules,
// cardinality stays within budget, secrets are redacted, events can update
// the metrics they name, rules and SLOs make sense. Check/Catalog.h lists
// them all.
//
// Usage:
//   checkSchema(*Loaded, Diags);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_CHECK_CHECKS_H
#define TELEGEN_CHECK_CHECKS_H

#include "Schema/Loader.h"
#include "Support/Diagnostic.h"

namespace telegen {

/// Runs every check on a loaded schema. When a file could not be parsed,
/// only the checks of single declarations run: the others would report what
/// is missing because of it.
void checkSchema(const schema::LoadedSchema &S, DiagnosticList &Diags);

} // namespace telegen

#endif
