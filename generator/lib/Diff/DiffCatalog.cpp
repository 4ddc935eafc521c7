//===- DiffCatalog.cpp - Every finding 'telegen diff' can report ----------===//
#include "Diff/DiffCatalog.h"

namespace telegen {
namespace diffchecks {

#define TELEGEN_CATALOG_FILE "Diff/DiffChecks.def"
#define TELEGEN_CATALOG_LIST diffChecks
#include "Support/CatalogDefine.inc"

} // namespace diffchecks
} // namespace telegen
