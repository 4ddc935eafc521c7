//===- Catalog.h - Every finding 'telegen check' can report -----*- C++ -*-===//
//
// The checks of schemas: loading (Schema/) and checking (Check/) report
// through these. docs/schema.md lists the same ids.
// Each is declared once, in Checks.def (see Support/Catalog.h).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_CHECK_CATALOG_H
#define TELEGEN_CHECK_CATALOG_H

#include "Support/Catalog.h"

namespace telegen {
namespace checks {

#define TELEGEN_CATALOG_FILE "Check/Checks.def"
#define TELEGEN_CATALOG_LIST schemaChecks
#include "Support/CatalogDeclare.inc"

} // namespace checks
} // namespace telegen

#endif
