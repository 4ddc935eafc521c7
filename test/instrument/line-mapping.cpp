// #line directives keep every original line and column: code after the
// inserted prologue on the brace's line keeps its column, and the lines
// after it their numbers.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN("inline.body")
int twice(int x) { return x + x; }

TELEGEN_SPAN("multi.line")
int thrice(int x)
{
  int y = x;

  return y * 3;
}

// CHECK: int twice(int x) {
// CHECK-NEXT: #line 9 "{{.*}}line-mapping.cpp"
// CHECK: try {
// CHECK-NEXT: #line 9 "{{.*}}line-mapping.cpp"
// CHECK-NEXT: {{^                   }}return x + x; } catch
// CHECK: int thrice(int x)
// CHECK-NEXT: {
// CHECK-NEXT: #line 13 "{{.*}}line-mapping.cpp"
// CHECK: try {
// CHECK-NEXT: #line 14 "{{.*}}line-mapping.cpp"
// CHECK-NEXT: {{^}}  int y = x;
// CHECK-EMPTY:
// CHECK-NEXT: {{^}}  return y * 3;
