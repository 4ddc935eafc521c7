// An annotation on a declaration in a header instruments the definition in
// the .cpp, whose parameters may have other names; the header is included by
// absolute path from the instrumented copy.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include "Inputs/catalog.hpp"

int catalog::find(int stock_keeping_unit) { return stock_keeping_unit; }

// CHECK: #line 1 "{{.*}}header-declaration.cpp"
// CHECK-NEXT: #include "{{/.*}}/Inputs/catalog.hpp"
// CHECK: int catalog::find(int stock_keeping_unit) {
// CHECK: telegen_site_{"catalog.find", ::telegen::SpanKind::client, "catalog::find",
// CHECK: telegen_span_.set_attribute(0, stock_keeping_unit);
