// TELEGEN_SPAN on a lambda that is the body of a coroutine or of a task;
// the span is named after the enclosing function.
// RUN: %telegen instrument %s --out %t.cpp --model %t.json -- %cxx20flags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: FileCheck %s --check-prefix=MODEL < %t.json
#include "Inputs/task.hpp"
#include <telegen/annotate.hpp>

Task<int> fetch(int id);

void start() {
  auto body = [] TELEGEN_SPAN("jobs.body", attrs(id)) (int id) -> Task<int> {
    co_return co_await fetch(id);
  };
  auto task = [] TELEGEN_SPAN("jobs.task") () { return 1; };
  (void)body;
  (void)task;
}

// CHECK: ::telegen::detail::CoroutineSpan telegen_span_{telegen_site_};
// CHECK: co_return (co_await telegen_span_.leave(fetch(id)), telegen_span_.resumed());
// CHECK: ::telegen::SpanGuard telegen_span_{telegen_site_};
// MODEL: "function": "start::lambda"
// MODEL: "span": "jobs.body"
// MODEL: "function": "start::lambda"
// MODEL: "span": "jobs.task"
