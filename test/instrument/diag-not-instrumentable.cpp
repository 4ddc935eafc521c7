// Functions that cannot carry a span are errors at the annotation.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>

TELEGEN_SPAN("square")
// CHECK: diag-not-instrumentable.cpp:[[@LINE-1]]:14: error: cannot instrument 'square': it is constexpr: a span cannot start during constant evaluation
constexpr int square(int x) { return x * x; }

struct Copyable {
  TELEGEN_SPAN("copy")
  // CHECK: diag-not-instrumentable.cpp:[[@LINE-1]]:16: error: cannot instrument 'Copyable::Copyable': it is deleted or defaulted and has no body
  Copyable(const Copyable &) = default;
};

#define BODY { return 1; }
TELEGEN_SPAN("macro.body")
// CHECK: diag-not-instrumentable.cpp:[[@LINE-1]]:14: error: cannot instrument 'from_macro': its body comes from a macro expansion
int from_macro() BODY

struct Shape {
  TELEGEN_SPAN("area")
  // CHECK: diag-not-instrumentable.cpp:[[@LINE-1]]:3: error: TELEGEN_SPAN on pure virtual 'Shape::area' does nothing; annotate the overriding functions
  virtual double area() const = 0;
};

TELEGEN_SPAN("both")
// CHECK: diag-not-instrumentable.cpp:[[@LINE-1]]:1: error: 'both' is marked both TELEGEN_SPAN and TELEGEN_NO_INSTRUMENT; remove one
TELEGEN_NO_INSTRUMENT void both() {}
