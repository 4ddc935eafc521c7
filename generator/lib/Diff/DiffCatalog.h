//===- DiffCatalog.h - Every finding 'telegen diff' can report --*- C++ -*-===//
//
// The changes between two schemas, by what they break.
// Each is declared once, in DiffChecks.def (see Support/Catalog.h).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DIFF_DIFFCATALOG_H
#define TELEGEN_DIFF_DIFFCATALOG_H

#include "Support/Catalog.h"

namespace telegen {
namespace diffchecks {

#define TELEGEN_CATALOG_FILE "Diff/DiffChecks.def"
#define TELEGEN_CATALOG_LIST diffChecks
#include "Support/CatalogDeclare.inc"

} // namespace diffchecks
} // namespace telegen

#endif
