// Function templates and members of class templates are instrumented once,
// in the template; attributes of dependent type are resolved when the
// template is instantiated.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>

template <typename T>
TELEGEN_SPAN("store.put", attrs(value))
void put(const T &value) {}

template <typename T> struct Box {
  TELEGEN_SPAN("box.get", attrs(index))
  T get(int index) const { return T(index); }
};

void use() {
  put(1);
  put(2.5);
  Box<int>().get(3);
}

// CHECK: void put(const T &value) {
// CHECK: telegen_site_{"store.put",
// CHECK: telegen_span_.set_attribute(0, ::telegen::detail::attribute_value(value));
// CHECK: T get(int index) const {
// CHECK: telegen_site_{"box.get",
// CHECK-NOT: static constexpr ::telegen::detail::SpanSite
// CHECK: void use() {
// RUN: %telegen instrument %s --emit=model-json -- %cxxflags | FileCheck %s --check-prefix=MODEL
// MODEL: "kind": "dependent"
// MODEL: "template": true
