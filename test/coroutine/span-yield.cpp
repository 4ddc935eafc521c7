// co_yield is a suspension point too; a lambda inside the coroutine is not
// part of its body.
// RUN: %telegen instrument %s --out %t.cpp -- %cxx20flags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include "Inputs/task.hpp"
#include <telegen/annotate.hpp>

TELEGEN_SPAN("numbers.count")
Generator count(int n) {
  auto twice = [](int x) { return 2 * x; };
  for (int i = 0; i < n; ++i)
    co_yield twice(i);
}

// CHECK: ::telegen::detail::CoroutineSpan telegen_span_{telegen_site_};
// CHECK: auto twice = [](int x) { return 2 * x; };
// CHECK-NEXT: for (int i = 0; i < n; ++i)
// CHECK-NEXT: (co_yield telegen_span_.leave(twice(i)), telegen_span_.enter());
