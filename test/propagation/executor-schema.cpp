// A function listed in the schema's propagation gets the argument the schema
// names wrapped at every call site.
// RUN: %telegen instrument %s --schema %S/../instrument/Inputs/rules.yaml --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <functional>

namespace store {
struct Pool {
  void submit(int priority, std::function<void()> task);
};
} // namespace store

void schedule(store::Pool &pool) { pool.submit(1, [] {}); }

// CHECK: void schedule(store::Pool &pool) { pool.submit(1, ::telegen::bind_context([] {})); }
