// status = result needs a return type that can mean failure.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN("count", status = result)
// CHECK: diag-status-type.cpp:[[@LINE-1]]:14: error: 'status = result' needs 'count' to return bool, std::optional, std::error_code or an expected-like type (with has_value() and error()); it returns 'int'
int count() { return 1; }

template <typename T>
TELEGEN_SPAN("dependent", status = result)
// CHECK: diag-status-type.cpp:[[@LINE-1]]:14: error: 'status = result' needs a return type known where 'dependent' is defined; it returns 'T'
T dependent() { return T(); }
