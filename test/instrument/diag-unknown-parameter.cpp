// An attribute naming a parameter that does not exist is an error at the
// attribute, with a did-you-mean; no output file is written.
// RUN: rm -f %t.cpp
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include <telegen/annotate.hpp>

TELEGEN_SPAN("orders.place", attrs(order_id, regoin))
// CHECK: diag-unknown-parameter.cpp:[[@LINE-1]]:46: error: 'place' has no parameter named 'regoin'; did you mean 'region'?
void place(int order_id, int region) {}

TELEGEN_SPAN("orders.cancel", attrs(reason))
// CHECK: diag-unknown-parameter.cpp:[[@LINE-1]]:37: error: 'cancel' has no parameter named 'reason'; its parameters are order_id, force
void cancel(int order_id, bool force) {}
