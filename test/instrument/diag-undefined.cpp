// An annotated declaration whose definition is not in this file does
// nothing: a warning, and the file is otherwise instrumented.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
// RUN: not %telegen instrument %s --out %t.cpp --werror -- %cxxflags
#include <telegen/annotate.hpp>

TELEGEN_SPAN("elsewhere")
// CHECK: diag-undefined.cpp:[[@LINE-1]]:1: warning: TELEGEN_SPAN on 'elsewhere' does nothing: it is not defined in this file
void elsewhere();
