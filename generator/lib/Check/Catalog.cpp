//===- Catalog.cpp - Every finding 'telegen check' can report -------------===//
#include "Check/Catalog.h"

namespace telegen {
namespace checks {

#define TELEGEN_CATALOG_FILE "Check/Checks.def"
#define TELEGEN_CATALOG_LIST schemaChecks
#include "Support/CatalogDefine.inc"

} // namespace checks
} // namespace telegen
