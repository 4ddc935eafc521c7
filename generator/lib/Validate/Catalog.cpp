//===- Catalog.cpp - Every finding 'telegen validate-events' reports ------===//
#include "Validate/Catalog.h"

namespace telegen {
namespace validate {

#define TELEGEN_CATALOG_FILE "Validate/LogChecks.def"
#define TELEGEN_CATALOG_LIST logChecks
#include "Support/CatalogDefine.inc"

} // namespace validate
} // namespace telegen
