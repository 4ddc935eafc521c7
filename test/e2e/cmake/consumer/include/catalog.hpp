#pragma once
#include <telegen/annotate.hpp>
#include <string>

namespace shop {
TELEGEN_SPAN("shop.price", kind = client, attrs(sku))
double price(const std::string &sku);
}
