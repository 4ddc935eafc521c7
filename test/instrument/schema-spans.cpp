// With --schema, the span's kind comes from the schema, attributes are
// recorded as declared, and a redacted attribute's value is never read.
// RUN: %telegen instrument %s --schema %S/Inputs/shop.yaml --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

enum class Region { eu_west, us_east };

TELEGEN_SPAN("shop.checkout", attrs(order_id, items, total, region, card_number))
void checkout(const std::string &order_id, int items, double total, Region region,
              const std::string &card_number) {}

// CHECK: telegen_site_{"shop.checkout", ::telegen::SpanKind::server, "checkout",
// CHECK: telegen_span_.set_attribute(0, order_id);
// CHECK-NEXT: telegen_span_.set_attribute(1, items);
// CHECK-NEXT: telegen_span_.set_attribute(2, total);
// CHECK-NEXT: telegen_span_.set_attribute(3, ::telegen::detail::enum_name(region, telegen_enum_3_));
// CHECK-NEXT: telegen_span_.set_attribute(4, "[REDACTED]");
