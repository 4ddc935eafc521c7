// Attributes can read data members and call member functions without
// arguments, through '.' and '->', including members of base classes.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

struct Entity { std::string id; };
struct Order : Entity {
  int items = 0;
  std::string region() const { return "eu"; }
};

TELEGEN_SPAN("ship", attrs(order.id, order.items, order.region(), next->items))
void ship(const Order &order, const Order *next) {}

// CHECK: static constexpr ::std::string_view telegen_keys_[] = {"order.id", "order.items", "order.region", "next.items"};
// CHECK: telegen_span_.set_attribute(0, order.id);
// CHECK-NEXT: telegen_span_.set_attribute(1, order.items);
// CHECK-NEXT: telegen_span_.set_attribute(2, order.region());
// CHECK-NEXT: telegen_span_.set_attribute(3, next->items);
