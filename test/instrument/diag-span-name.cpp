// Without a schema, span names still follow the schema's naming rule.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN("Orders.Place")
// CHECK: diag-span-name.cpp:[[@LINE-1]]:14: error: span name 'Orders.Place' must be snake_case words joined by dots
void place() {}
