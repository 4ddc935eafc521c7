// A parameter a rule's span records must have the declared type; the error
// points at the function.
// RUN: not %telegen instrument %s --schema %S/Inputs/rules.yaml --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
namespace store {
struct Api {
  void handle_get(double order_id) {}
  // CHECK: diag-rule-attribute.cpp:[[@LINE-1]]:8: error: span 'store.handle' declares attribute 'order_id' as string, but 'order_id' has type 'double' (double)
};
} // namespace store
