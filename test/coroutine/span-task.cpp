// A coroutine of a user task type: the span lives in the frame, every
// co_await hands the context back and forth, the value passes through.
// RUN: %telegen instrument %s --out %t.cpp -- %cxx20flags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include "Inputs/task.hpp"
#include <telegen/annotate.hpp>

Task<int> fetch(int id);
void note();

TELEGEN_SPAN("store.load", attrs(id))
Task<int> load(int id) {
  int a = co_await fetch(id);
  co_await std::suspend_always{};
  co_return a + co_await fetch(co_await fetch(id));
}

// CHECK: ::telegen::detail::CoroutineSpan telegen_span_{telegen_site_};
// CHECK-NEXT: telegen_span_.set_attribute(0, id);
// CHECK: int a = (co_await telegen_span_.leave(fetch(id)), telegen_span_.resumed());
// CHECK-NEXT: (co_await telegen_span_.leave(std::suspend_always{}), telegen_span_.enter());
// CHECK-NEXT: co_return a + (co_await telegen_span_.leave(fetch((co_await telegen_span_.leave(fetch(id)), telegen_span_.resumed()))), telegen_span_.resumed());
