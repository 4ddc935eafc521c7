// Schema rules instrument the functions their patterns match: the first
// matching rule decides; TELEGEN_SPAN takes precedence and
// TELEGEN_NO_INSTRUMENT excludes; a rule's declared span records the
// parameters named like its attributes; functions that cannot carry a span
// are listed as skipped.
// RUN: %telegen instrument %s --schema %S/Inputs/rules.yaml --emit=model-json -- %cxxflags | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

namespace store {
struct Api {
  void handle_get(const std::string &order_id) {}
  void handle_put(const std::string &id) {}
};
namespace internal {
void handle_cache() {}
} // namespace internal
void refresh() {}
constexpr int limit() { return 3; }
TELEGEN_NO_INSTRUMENT void hot_path() {}
TELEGEN_SPAN("store.handle") void annotated() {}
} // namespace store
void outside() {}

// CHECK:       "functions": [
// CHECK:         "attributes": [
// CHECK-NEXT:      {
// CHECK-NEXT:        "cpp_type": "const std::string &",
// CHECK-NEXT:        "expression": "order_id",
// CHECK-NEXT:        "key": "order_id",
// CHECK-NEXT:        "kind": "string"
// CHECK:         "function": "store::Api::handle_get",
// CHECK-NEXT:    "kind": "server",
// CHECK-NEXT:    "line": 12,
// CHECK-NEXT:    "origin": "rule",
// CHECK:         "span": "store.handle",
// CHECK:         "function": "store::Api::handle_put",
// CHECK:         "span": "store.handle",
// CHECK:         "function": "store::internal::handle_cache",
// CHECK-NEXT:    "kind": "client",
// CHECK:         "span": "store::internal::handle_cache",
// CHECK:         "function": "store::refresh",
// CHECK:         "span": "store::refresh",
// CHECK:         "function": "store::annotated",
// CHECK:         "origin": "annotation",
// CHECK-NOT:     "function": "store::hot_path"
// CHECK-NOT:     "function": "outside"
// CHECK:       "skipped": [
// CHECK-NEXT:    {
// CHECK-NEXT:      "file": "{{.*}}rules.cpp",
// CHECK-NEXT:      "function": "store::limit",
// CHECK-NEXT:      "line": 19,
// CHECK-NEXT:      "reason": "it is constexpr: a span cannot start during constant evaluation"
