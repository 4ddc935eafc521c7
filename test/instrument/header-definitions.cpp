// A function defined in a header (a template, an inline function) is
// instrumented in a rewritten copy of that header; every header on the way to
// it is rewritten to include the copies, and the source includes them.
// System headers stay as written: the compiler that builds the copies finds
// its own.
// RUN: rm -rf %t.headers
// RUN: %telegen instrument %s --out %t.cpp --header-dir %t.headers -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s --check-prefix=SOURCE
// RUN: FileCheck %s --input-file %t.headers%S/Inputs/geometry.hpp --check-prefix=GEOMETRY
// RUN: FileCheck %s --input-file %t.headers%S/Inputs/nested/math.hpp --check-prefix=MATH
#include "Inputs/geometry.hpp"

double twice_area(double side) { return 2 * area(side); }

// SOURCE: #line 1 "{{.*}}header-definitions.cpp"
// SOURCE: #include "{{.*}}.headers{{.*}}/Inputs/geometry.hpp"
// SOURCE-NOT: telegen/detail/instrument.hpp

// GEOMETRY: #line 1 "{{.*}}/Inputs/geometry.hpp"
// GEOMETRY-NEXT: #pragma once
// GEOMETRY-NEXT: #include <cstddef>
// GEOMETRY-NEXT: #include "{{.*}}.headers{{.*}}/Inputs/nested/math.hpp"

// MATH: #include <telegen/detail/instrument.hpp>
// MATH-NEXT: #line 1 "{{.*}}/Inputs/nested/math.hpp"
// MATH: T square(T x) {
// MATH-NEXT: #line 6 "{{.*}}/Inputs/nested/math.hpp"
// MATH: static constexpr ::telegen::detail::SpanSite telegen_site_{"math.square", ::telegen::SpanKind::internal, "square", "{{.*}}/Inputs/nested/math.hpp", 6, telegen_keys_};
