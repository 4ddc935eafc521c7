// std::async's callable is wrapped, with or without a launch policy.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags -pthread
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <future>

int compute(int x) { return x * 2; }

int run() {
  auto a = std::async(compute, 1);
  auto b = std::async(std::launch::async, [] { return 3; });
  return a.get() + b.get();
}

// CHECK: auto a = std::async(::telegen::bind_context(compute), 1);
// CHECK-NEXT: auto b = std::async(std::launch::async, ::telegen::bind_context([] { return 3; }));
