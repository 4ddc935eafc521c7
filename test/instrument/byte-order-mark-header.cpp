// A header that starts with a UTF-8 byte-order mark keeps it as the first
// bytes of its rewritten copy.
// RUN: rm -rf %t && mkdir %t
// RUN: printf '\357\273\277' > %t/checkout.hpp
// RUN: cat %S/Inputs/checkout.hpp >> %t/checkout.hpp
// RUN: %telegen instrument %s --out %t/out.cpp --header-dir %t/headers -- %cxxflags -I%t
// RUN: head -c 3 %t/headers%t/checkout.hpp | od -An -tx1 | FileCheck %s --check-prefix=MARK
// RUN: tail -c +4 %t/headers%t/checkout.hpp | head -3 | FileCheck %s
#include "checkout.hpp"

int main() { shop::checkout(); }

// MARK: ef bb bf
// CHECK:      {{^}}#include <telegen/detail/instrument.hpp>
// CHECK-NEXT: {{^}}#line 1 "{{.*}}checkout.hpp"
// CHECK-NEXT: {{^}}// A header with an instrumented inline function.
