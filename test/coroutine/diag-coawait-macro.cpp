// A co_await written inside a macro cannot be rewritten: an error at the
// macro's use, and nothing is written.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxx20flags 2>&1 | FileCheck %s
#include "Inputs/task.hpp"
#include <telegen/annotate.hpp>

Task<int> fetch(int id);
#define AWAIT_FETCH(id) co_await fetch(id)

TELEGEN_SPAN("store.load")
Task<int> load(int id) {
  int a = AWAIT_FETCH(id);
  // CHECK: diag-coawait-macro.cpp:[[@LINE-1]]:11: error: this suspension point of coroutine 'load' is inside a macro expansion: telegen cannot hand its context back and forth around it; write the co_await or co_yield outside the macro
  co_return a;
}
