// TELEGEN_PROPAGATE needs exactly one callable parameter it can wrap.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>
#include <functional>

struct Queue {
  TELEGEN_PROPAGATE void push(void (*job)()) {}
  // CHECK: executor-diagnostics.cpp:[[@LINE-1]]:3: error: TELEGEN_PROPAGATE on 'Queue::push' finds no callable parameter (a function pointer cannot carry a context; take a template parameter or std::function); name it with TELEGEN_PROPAGATE_ARG(param)
  template <typename A, typename B> TELEGEN_PROPAGATE void both(A first, B second) {}
  // CHECK: executor-diagnostics.cpp:[[@LINE-1]]:37: error: TELEGEN_PROPAGATE on 'Queue::both' finds several callable parameters (first, second); name one with TELEGEN_PROPAGATE_ARG(param)
  TELEGEN_PROPAGATE_ARG(callback) void post(std::function<void()> job) {}
  // CHECK: executor-diagnostics.cpp:[[@LINE-1]]:3: error: TELEGEN_PROPAGATE_ARG names 'callback', but 'Queue::post' has no such parameter; its parameters are job
};

void noop() {}

void use(Queue &q) {
  q.push(noop);
  q.push(noop);
  q.both(1, 2);
  q.post([] {});
}
// CHECK: 3 errors generated.
