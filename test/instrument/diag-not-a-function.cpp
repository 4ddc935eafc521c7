// Annotations on anything but a function are errors.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN("counter") int counter = 0;
// CHECK: diag-not-a-function.cpp:[[@LINE-1]]:1: error: TELEGEN_SPAN applies to functions, not to var 'counter'; move it to a function declaration

struct TELEGEN_NO_INSTRUMENT Widget {};
// CHECK: diag-not-a-function.cpp:[[@LINE-1]]:8: error: TELEGEN_NO_INSTRUMENT applies to functions, not to cxxrecord 'widget'; move it to a function declaration
