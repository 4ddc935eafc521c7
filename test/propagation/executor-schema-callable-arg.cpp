// A schema boundary whose callable_arg names no parameter, or one that
// cannot take a callable, is an error at the first call, naming the schema.
// RUN: not %telegen instrument %s --schema %S/Inputs/callable-arg.yaml --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <functional>

namespace jobs {
struct Queue {
  void post(int priority, std::function<void()> job);
  void push(int priority, std::function<void()> job);
};
} // namespace jobs

void use(jobs::Queue &queue) {
  queue.post(1, [] {});
  // CHECK: executor-schema-callable-arg.cpp:[[@LINE-1]]:3: error: the schema's propagation boundary 'jobs::Queue::post' ({{.*}}callable-arg.yaml:3:15) names callable_arg 2, but 'jobs::Queue::post' has 2 parameters; give the 0-based index of its callable parameter
  queue.post(2, [] {});
  queue.push(1, [] {});
  // CHECK: executor-schema-callable-arg.cpp:[[@LINE-1]]:3: error: the schema's propagation boundary 'jobs::Queue::push' ({{.*}}callable-arg.yaml:5:15) names callable_arg 0, parameter 'priority' of type 'int', which cannot carry a context; name a parameter that takes a callable (a template parameter, std::function, a class with operator())
}
// CHECK: 2 errors generated.
