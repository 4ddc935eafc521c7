// Malformed TELEGEN_SPAN arguments are errors at the offending token.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN(name)
// CHECK: diag-annotation-syntax.cpp:[[@LINE-1]]:14: error: TELEGEN_SPAN's first argument must be the span name as a string literal, e.g. TELEGEN_SPAN("orders.place")
void a() {}

TELEGEN_SPAN("b", kind = sever)
// CHECK: diag-annotation-syntax.cpp:[[@LINE-1]]:26: error: unknown span kind; use server, client, internal, producer or consumer
void b() {}

TELEGEN_SPAN("c", atrs(x))
// CHECK: diag-annotation-syntax.cpp:[[@LINE-1]]:19: error: unknown TELEGEN_SPAN argument 'atrs'; expected kind, attrs, status or carrier
void c(int x) {}

TELEGEN_SPAN("d", status = always)
// CHECK: diag-annotation-syntax.cpp:[[@LINE-1]]:28: error: unknown status source; use 'status = result' to set the span's status from the returned value
void d() {}

TELEGEN_SPAN("e", attrs(x y))
// CHECK: diag-annotation-syntax.cpp:[[@LINE-1]]:27: error: expected ',' or ')' in attrs(...)
void e(int x, int y) {}
