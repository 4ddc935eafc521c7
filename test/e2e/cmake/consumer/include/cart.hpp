#pragma once
#include <telegen/annotate.hpp>
#include <string>

namespace shop {
TELEGEN_SPAN("shop.add_item", attrs(sku, quantity))
int add_item(const std::string &sku, int quantity);
}
