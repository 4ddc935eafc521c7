// status = result on a coroutine observes the co_returned value, typed by
// the coroutine type's first template argument.
// RUN: %telegen instrument %s --out %t.cpp -- %cxx20flags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include "Inputs/task.hpp"
#include <telegen/annotate.hpp>

TELEGEN_SPAN("cache.get", status = result)
Task<std::optional<int>> get(int key) {
  if (key < 0)
    co_return std::nullopt;
  co_return key;
}

// CHECK: co_return ::telegen::detail::span_result<::std::optional<int>>(telegen_span_, std::nullopt);
// CHECK-NEXT: co_return ::telegen::detail::span_result<::std::optional<int>>(telegen_span_, ::std::move(key));
