#include "cart.hpp"
#include "telemetry.telegen.hpp"

#include <telegen/exposition.hpp>
#include <telegen/telemetry.hpp>

#include <cstdio>

int main() {
  std::printf("total %d\n", shop::add_item("apple", 2));
  telemetry::cart_items_total.add(2, telemetry::fruit::apple);
  std::printf("%s", telegen::metrics_text().c_str());
  telegen::shutdown();
}
