// The callable given to std::thread and std::jthread is wrapped so the new
// thread runs in the context that started it; arguments, member function
// pointers and already-bound callables are left as they are.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags -pthread
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %telegen instrument %s --emit=model-json -- %cxxflags -pthread | FileCheck %s --check-prefix=MODEL
#include <thread>

struct Worker {
  void run(int n) {}
};

void work(int n) {}

void start(Worker &w) {
  std::thread a(work, 1);
  std::thread b([&w] { w.run(2); });
  std::thread c(&Worker::run, &w, 3);
  std::thread d(std::move(a));
  b.join(); c.join(); d.join();
}

// CHECK: #include <telegen/detail/instrument.hpp>
// CHECK: std::thread a(::telegen::bind_context(work), 1);
// CHECK-NEXT: std::thread b(::telegen::bind_context([&w] { w.run(2); }));
// CHECK-NEXT: std::thread c(::telegen::bind_context(&Worker::run), &w, 3);
// CHECK-NEXT: std::thread d(std::move(a));

// MODEL:      "boundaries": [
// MODEL-NEXT:   {
// MODEL-NEXT:     "callee": "std::thread",
// MODEL-NEXT:     "column": 15,
// MODEL-NEXT:     "kind": "thread",
// MODEL-NEXT:     "line": 16
