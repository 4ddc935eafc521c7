// Member functions: const, static, virtual, out-of-line definitions and
// constructors are instrumented where they are defined.
// RUN: %telegen instrument %s --emit=model-json -- %cxxflags | FileCheck %s
#include <telegen/annotate.hpp>

namespace shop {
class Cart {
public:
  TELEGEN_SPAN("cart.create", attrs(capacity))
  explicit Cart(int capacity) : capacity_(capacity) {}
  TELEGEN_SPAN("cart.size")
  int size() const { return capacity_; }
  TELEGEN_SPAN("cart.make")
  static Cart make() { return Cart(1); }
  TELEGEN_SPAN("cart.checkout")
  virtual void checkout();
  virtual ~Cart() = default;

private:
  int capacity_;
};

void Cart::checkout() {}
} // namespace shop

// CHECK:      "function": "shop::Cart::Cart",
// CHECK:      "span": "cart.create",
// CHECK:      "function": "shop::Cart::size",
// CHECK:      "span": "cart.size",
// CHECK:      "function": "shop::Cart::make",
// CHECK:      "span": "cart.make",
// CHECK:      "function": "shop::Cart::checkout",
// CHECK:      "line": 23,
// CHECK:      "span": "cart.checkout",
