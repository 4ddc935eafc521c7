//===- Catalog.h - What 'telegen validate-events' reports -----*- C++ -*-===//
//
// The checks of logs. docs/resilience.md lists the same ids.
// Each is declared once, in LogChecks.def (see Support/Catalog.h).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_VALIDATE_CATALOG_H
#define TELEGEN_VALIDATE_CATALOG_H

#include "Support/Catalog.h"

namespace telegen {
namespace validate {

#define TELEGEN_CATALOG_FILE "Validate/LogChecks.def"
#define TELEGEN_CATALOG_LIST logChecks
#include "Support/CatalogDeclare.inc"

} // namespace validate
} // namespace telegen

#endif
