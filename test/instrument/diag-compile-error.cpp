// Code that does not compile is reported as clang reports it; telegen exits
// 1 and writes nothing.
// RUN: rm -f %t.cpp
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
// RUN: not test -e %t.cpp
#include <telegen/annotate.hpp>

TELEGEN_SPAN("broken")
void broken() { undeclared_call(); }
// CHECK: diag-compile-error.cpp:[[@LINE-1]]:17: error: use of undeclared identifier 'undeclared_call'
