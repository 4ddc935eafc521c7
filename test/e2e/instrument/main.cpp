// Drives every instrumented function once; spans are exported as JSONL and
// checked by instrumented_spans_test.py.
#include "orders.hpp"

#include <telegen/telemetry.hpp>

#include <cstdio>

int main() {
  shop::Inventory inventory(10);
  shop::place("A-1", shop::Region::us_east, 3, inventory);
  inventory.find("");
  inventory.find("A-1");
  const shop::Inventory &base = inventory;
  base.audit();
  shop::total(21);
  shop::total(1.5);
  try {
    shop::cancel("A-2");
  } catch (const std::exception &e) {
    std::printf("caught: %s\n", e.what());
  }
  telegen::shutdown();
  return 0;
}
