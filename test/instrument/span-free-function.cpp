// A free function in a namespace gets a span guard with its static site.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>

namespace orders {
TELEGEN_SPAN("orders.place", kind = server)
int place(int quantity) {
  return quantity * 2;
}
} // namespace orders

// CHECK: #include <telegen/detail/instrument.hpp>
// CHECK-NEXT: #line 1 "{{.*}}span-free-function.cpp"
// CHECK: int place(int quantity) {
// CHECK-NEXT: #line 8 "{{.*}}span-free-function.cpp"
// CHECK-NEXT: static constexpr ::telegen::detail::SpanSite telegen_site_{"orders.place", ::telegen::SpanKind::server, "orders::place", "{{.*}}span-free-function.cpp", 8};
// CHECK-NEXT: ::telegen::SpanGuard telegen_span_{telegen_site_};
// CHECK-NEXT: try {
// CHECK-NEXT: #line 9 "{{.*}}span-free-function.cpp"
// CHECK-NEXT:   return quantity * 2;
// CHECK-NEXT: } catch (const ::std::exception &telegen_exception_) { ::telegen::detail::exception_escaped(telegen_site_, telegen_exception_); telegen_span_.record_exception(telegen_exception_); throw; } catch (...) { ::telegen::detail::exception_escaped(telegen_site_); telegen_span_.record_exception(); throw; }}
