//===- GenerateCatalog.cpp - What 'telegen generate' reports --------------===//
#include "Generate/GenerateCatalog.h"

namespace telegen {
namespace checks {

#define TELEGEN_CATALOG_FILE "Generate/GenerateChecks.def"
#define TELEGEN_CATALOG_LIST generateChecks
#include "Support/CatalogDefine.inc"

} // namespace checks
} // namespace telegen
