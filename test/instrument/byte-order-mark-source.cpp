// A source that starts with a UTF-8 byte-order mark keeps it as the first
// bytes of its instrumented copy, before the runtime's #include: compilers
// accept it nowhere else.
// RUN: printf '\357\273\277' > %t.cpp
// RUN: cat %s >> %t.cpp
// RUN: %telegen instrument %t.cpp --out %t.out.cpp -- %cxxflags
// RUN: head -c 3 %t.out.cpp | od -An -tx1 | FileCheck %s --check-prefix=MARK
// RUN: tail -c +4 %t.out.cpp | head -3 | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN("shop.checkout") void checkout() {}

// MARK: ef bb bf
// CHECK:      {{^}}#include <telegen/detail/instrument.hpp>
// CHECK-NEXT: {{^}}#line 1 "{{.*}}.cpp"
// CHECK-NEXT: {{^}}// A source that starts
