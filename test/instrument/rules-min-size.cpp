// A rule leaves out functions whose body is smaller than its min_size (4 by
// default): statements at every depth plus calls. A body with a loop is never
// too small; min_size: 0 and TELEGEN_SPAN instrument small functions too. The
// model lists what was left out, and why.
// RUN: %telegen instrument %s --schema %S/Inputs/min-size.yaml --emit=model-json -- %cxxflags | FileCheck %s
#include <telegen/annotate.hpp>
#include <vector>

namespace shop {
class Cart {
public:
  int count() const { return count_; }
  void set_count(int n) { count_ = n; }
  bool empty() const { return count() == 0; }
  void reset() {
    for (int &price : prices_)
      price = 0;
  }
  void add(int price) {
    prices_.push_back(price);
    set_count(count() + 1);
  }

private:
  int count_ = 0;
  std::vector<int> prices_;
};

TELEGEN_SPAN("shop.tiny") int tiny() { return 1; }

namespace all {
int one() { return 1; }
} // namespace all
} // namespace shop

// CHECK:       "functions": [
// CHECK:         "function": "shop::Cart::reset",
// CHECK:         "origin": "rule",
// CHECK:         "function": "shop::Cart::add",
// CHECK:         "origin": "rule",
// CHECK:         "function": "shop::tiny",
// CHECK:         "origin": "annotation",
// CHECK:         "function": "shop::all::one",
// CHECK:         "origin": "rule",
// CHECK:       "rules": [
// CHECK-NEXT:    {
// CHECK-NEXT:      "in_system_headers": 0,
// CHECK-NEXT:      "instrumented": 1,
// CHECK-NEXT:      "not_instrumentable": 0,
// CHECK-NEXT:      "too_small": 0
// CHECK-NEXT:    },
// CHECK-NEXT:    {
// CHECK-NEXT:      "in_system_headers": 0,
// CHECK-NEXT:      "instrumented": 2,
// CHECK-NEXT:      "not_instrumentable": 0,
// CHECK-NEXT:      "too_small": 3
// CHECK-NEXT:    }
// CHECK-NEXT:  ],
// CHECK-NEXT:  "skipped": [
// CHECK-NEXT:    {
// CHECK-NEXT:      "file": "{{.*}}rules-min-size.cpp",
// CHECK-NEXT:      "function": "shop::Cart::count",
// CHECK-NEXT:      "line": 12,
// CHECK-NEXT:      "reason": "it is too small: 1 statement and 0 calls, below the rule's min_size of 4 (min_size: 0 on the rule, or TELEGEN_SPAN on the function, instruments it)"
// CHECK-NEXT:    },
// CHECK-NEXT:    {
// CHECK-NEXT:      "file": "{{.*}}rules-min-size.cpp",
// CHECK-NEXT:      "function": "shop::Cart::set_count",
// CHECK-NEXT:      "line": 13,
// CHECK-NEXT:      "reason": "it is too small: 1 statement and 0 calls, below
// CHECK-NEXT:    },
// CHECK-NEXT:    {
// CHECK-NEXT:      "file": "{{.*}}rules-min-size.cpp",
// CHECK-NEXT:      "function": "shop::Cart::empty",
// CHECK-NEXT:      "line": 14,
// CHECK-NEXT:      "reason": "it is too small: 1 statement and 1 call, below
// CHECK-NEXT:    }
// CHECK-NEXT:  ]
