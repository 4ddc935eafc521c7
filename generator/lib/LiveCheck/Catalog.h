//===- Catalog.h - What 'telegen live-check' reports -----------*- C++ -*-===//
//
// The checks of received telemetry, declared once in LiveChecks.def (see
// Support/Catalog.h). docs/live-check.md lists the same ids.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_CATALOG_H
#define TELEGEN_LIVECHECK_CATALOG_H

#include "Support/Catalog.h"

namespace telegen {
namespace livecheck {

#define TELEGEN_CATALOG_FILE "LiveCheck/LiveChecks.def"
#define TELEGEN_CATALOG_LIST liveChecks
#include "Support/CatalogDeclare.inc"

} // namespace livecheck
} // namespace telegen

#endif
