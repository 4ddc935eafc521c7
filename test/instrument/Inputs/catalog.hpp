#pragma once
#include <telegen/annotate.hpp>

namespace catalog {
TELEGEN_SPAN("catalog.find", kind = client, attrs(sku))
int find(int sku);
} // namespace catalog
