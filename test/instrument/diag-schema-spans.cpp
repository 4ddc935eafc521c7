// Spans, kinds and attributes are checked against the schema, at the token
// that is wrong.
// RUN: not %telegen instrument %s --schema %S/Inputs/shop.yaml --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

enum class Region { eu_west, us_east, ap_south };

TELEGEN_SPAN("shop.chekout")
// CHECK: diag-schema-spans.cpp:[[@LINE-1]]:14: error: span 'shop.chekout' is not declared in the schema; did you mean 'shop.checkout'?
void a() {}

TELEGEN_SPAN("shop.checkout", kind = client)
// CHECK: diag-schema-spans.cpp:[[@LINE-1]]:38: error: span 'shop.checkout' is declared as server in the schema; remove 'kind' here or change the schema
void b() {}

TELEGEN_SPAN("shop.checkout", attrs(order_idd))
// CHECK: diag-schema-spans.cpp:[[@LINE-1]]:37: error: span 'shop.checkout' declares no attribute 'order_idd'; did you mean 'order_id'?
void c(int order_idd) {}

TELEGEN_SPAN("shop.checkout", attrs(items))
// CHECK: diag-schema-spans.cpp:[[@LINE-1]]:37: error: span 'shop.checkout' declares attribute 'items' as int, but 'items' has type 'const std::string &' (string)
void d(const std::string &items) {}

TELEGEN_SPAN("shop.checkout", attrs(region))
// CHECK: diag-schema-spans.cpp:[[@LINE-1]]:37: error: span 'shop.checkout' declares attribute 'region' with values eu_west, us_east; 'Region' also has ap_south
void e(Region region) {}

TELEGEN_SPAN("shop.checkout", attrs(express))
// CHECK: diag-schema-spans.cpp:[[@LINE-1]]:37: error: span 'shop.checkout' declares attribute 'express' as bool, but 'express' has type 'int' (int)
void f(int express) {}
