//===- GenerateCatalog.h - What 'telegen generate' reports ------*- C++ -*-===//
//
// The findings about templates, manifests and outputs, beside the schema
// checks (Check/Catalog.h) that 'telegen generate' runs first.
// Each is declared once, in GenerateChecks.def (see Support/Catalog.h).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_GENERATECATALOG_H
#define TELEGEN_GENERATE_GENERATECATALOG_H

#include "Support/Catalog.h"

namespace telegen {
namespace checks {

#define TELEGEN_CATALOG_FILE "Generate/GenerateChecks.def"
#define TELEGEN_CATALOG_LIST generateChecks
#include "Support/CatalogDeclare.inc"

} // namespace checks
} // namespace telegen

#endif
