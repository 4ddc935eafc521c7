// Member paths are checked against the C++ types.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>

struct Order {
  int items = 0;
  int total() const { return items; }
  int price(int) const { return 0; }
};

TELEGEN_SPAN("a", attrs(order.itmes))
// CHECK: diag-member-path.cpp:[[@LINE-1]]:25: error: 'const Order' has no member named 'itmes'; did you mean 'items'?
void a(const Order &order) {}

TELEGEN_SPAN("b", attrs(order->items))
// CHECK: diag-member-path.cpp:[[@LINE-1]]:25: error: 'order->items': '->' needs a pointer, but the value has type 'const Order'; use '.'
void b(const Order &order) {}

TELEGEN_SPAN("c", attrs(order.total))
// CHECK: diag-member-path.cpp:[[@LINE-1]]:25: error: 'total' is a member function of 'const Order'; write 'total()' to record what it returns
void c(const Order &order) {}

TELEGEN_SPAN("d", attrs(order.price()))
// CHECK: diag-member-path.cpp:[[@LINE-1]]:25: error: 'Order::price' takes arguments; only member functions without arguments can be recorded
void d(const Order &order) {}

TELEGEN_SPAN("e", attrs(order.items()))
// CHECK: diag-member-path.cpp:[[@LINE-1]]:25: error: 'items' is a data member of 'const Order'; remove the '()'
void e(const Order &order) {}
