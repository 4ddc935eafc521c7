// A header with an instrumented inline function.
#pragma once
#include <telegen/annotate.hpp>

namespace shop {
TELEGEN_SPAN("shop.checkout") inline void checkout() {}
} // namespace shop
