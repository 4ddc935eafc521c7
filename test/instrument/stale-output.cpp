// A failed run removes the output of an earlier run, so the build cannot
// compile a stale copy.
// RUN: echo stale > %t.cpp
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags -DBROKEN 2>/dev/null
// RUN: not test -e %t.cpp
#include <telegen/annotate.hpp>

TELEGEN_SPAN("s", attrs(missing))
void s() {}
