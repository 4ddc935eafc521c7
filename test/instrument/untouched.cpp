// A file with nothing to instrument compiles as the original: the output
// includes it by absolute path, so its own includes resolve as before.
// Including the annotation header without using it does not count.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: FileCheck %s --input-file %t.cpp --check-prefix=OUT
// RUN: grep -c . %t.cpp | FileCheck %s --check-prefix=LINES
#include <telegen/annotate.hpp>
int plain(int x) { return x; }

// OUT: // Nothing in this file is instrumented by telegen.
// OUT-NEXT: #include "{{/.*}}untouched.cpp"
// LINES: 2
