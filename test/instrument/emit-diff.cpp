// --dry-run prints a unified diff and writes nothing.
// RUN: rm -f %t.cpp
// RUN: %telegen instrument %s --out %t.cpp --dry-run -- %cxxflags | FileCheck %s
// RUN: not test -e %t.cpp
#include <telegen/annotate.hpp>

TELEGEN_SPAN("diffed")
void diffed() {}

// CHECK: --- {{.*}}emit-diff.cpp
// CHECK-NEXT: +++ {{.*}}.cpp
// CHECK-NEXT: @@ -1,{{[0-9]+}} +1,{{[0-9]+}} @@
// CHECK-NEXT: +#include <telegen/detail/instrument.hpp>
// CHECK-NEXT: +#line 1 "{{.*}}emit-diff.cpp"
// CHECK: -void diffed() {}
// CHECK-NEXT: +void diffed() {
// CHECK-NEXT: +#line 8
