//===- Catalog.cpp - Every finding 'telegen live-check' reports -----------===//
#include "LiveCheck/Catalog.h"

namespace telegen {
namespace livecheck {

#define TELEGEN_CATALOG_FILE "LiveCheck/LiveChecks.def"
#define TELEGEN_CATALOG_LIST liveChecks
#include "Support/CatalogDefine.inc"

} // namespace livecheck
} // namespace telegen
