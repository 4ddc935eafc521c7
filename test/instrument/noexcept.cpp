// Exceptions cannot leave a noexcept function, or any function when
// exceptions are off: no handlers are written there.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: %telegen instrument %s --out %t.noexc.cpp -- %cxxflags -fno-exceptions
// RUN: grep -v '^ *//' %t.noexc.cpp | FileCheck %s --check-prefix=NOEXC
#include <telegen/annotate.hpp>

TELEGEN_SPAN("quiet")
void quiet() noexcept {}

TELEGEN_SPAN("loud")
void loud() {}

// CHECK: void quiet() noexcept {
// CHECK-NOT: try {
// CHECK: void loud() {
// CHECK: try {
// NOEXC-NOT: {{^}}try {
// NOEXC-NOT: catch (
