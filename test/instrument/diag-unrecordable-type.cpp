// A value whose C++ type cannot be recorded is an error that suggests
// recording a member instead.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>
#include <vector>

struct Basket { std::vector<int> items; };

TELEGEN_SPAN("basket.total", attrs(basket))
// CHECK: diag-unrecordable-type.cpp:[[@LINE-1]]:36: error: cannot record 'basket' of type 'const Basket &' as a span attribute; record a string, integer, floating-point, bool, enum or std::chrono::duration member of it instead (e.g. attrs(basket.id))
int total(const Basket &basket) { return 0; }
