#include "cart.hpp"

#include <telegen/telemetry.hpp>

#include <cstdio>

int main() {
  std::printf("total %d\n", shop::add_item("apple", 2));
  telegen::shutdown();
}
