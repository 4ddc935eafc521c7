// A function marked TELEGEN_PROPAGATE gets its callable argument wrapped at
// every call site; the parameter is found by type, or named.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>
#include <functional>
#include <utility>

class Pool {
public:
  template <typename F, typename... Args> TELEGEN_PROPAGATE void submit(F &&task, Args &&...args) {}
  TELEGEN_PROPAGATE_ARG(on_done) void post(int priority, std::function<void()> on_done) {}
  TELEGEN_PROPAGATE void enqueue(std::function<void()> job) {}
};

void schedule(Pool &pool) {
  pool.submit([] {}, 1, 2);
  pool.post(5, [] {});
  pool.enqueue(std::function<void()>([] {}));
}

// CHECK: pool.submit(::telegen::bind_context([] {}), 1, 2);
// CHECK-NEXT: pool.post(5, ::telegen::bind_context([] {}));
// CHECK-NEXT: pool.enqueue(::telegen::bind_context(std::function<void()>([] {})));
