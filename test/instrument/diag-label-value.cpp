// A label value the schema does not declare is the compiler's "no member
// named" error (with the closest value when there is one); telegen adds a
// note listing the values the schema gives the label, and names the schema.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %telegen generate %S/Inputs/shop-labels.yaml --target cpp --out-dir %t
// RUN: not %telegen instrument %s --out %t/out.cpp -- %cxxflags -I%t 2>&1 | FileCheck %s
#include "shop-labels.telegen.hpp"
#include <telegen/annotate.hpp>

TELEGEN_SPAN("add")
void add() { shop_labels::cart_items_total.add(1, shop_labels::fruit::kiwi); }
// CHECK: diag-label-value.cpp:[[@LINE-1]]:71: error: no member named 'kiwi' in 'shop_labels::fruit'{{$}}
// CHECK: diag-label-value.cpp:[[@LINE-2]]:71: note: 'fruit' takes the values shop-labels.yaml declares: apple, banana, cherry; to use another, add it to the schema

TELEGEN_SPAN("add_one")
void add_one() { shop_labels::cart_items_total.add(1, shop_labels::fruit::aple); }
// CHECK: diag-label-value.cpp:[[@LINE-1]]:75: error: no member named 'aple' in 'shop_labels::fruit'; did you mean 'apple'?
// CHECK: diag-label-value.cpp:[[@LINE-2]]:75: note: 'fruit' takes the values shop-labels.yaml declares: apple, banana, cherry; to use another, add it to the schema

// Any other enum keeps the compiler's words alone.
enum class colour { red };
TELEGEN_SPAN("paint")
int paint() { return static_cast<int>(colour::blue); }
// CHECK: diag-label-value.cpp:[[@LINE-1]]:47: error: no member named 'blue' in 'colour'
// CHECK-NOT: note: 'colour' takes
