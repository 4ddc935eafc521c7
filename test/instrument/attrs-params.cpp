// Attributes record parameters by name, under their name or an explicit key;
// strings, integers, floating point and bool pass straight through; durations
// are recorded in seconds.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>
#include <chrono>
#include <string>
#include <string_view>

TELEGEN_SPAN("checkout", attrs(user_name, "order.count" = count, ratio, express, timeout, note))
void checkout(const std::string &user_name, long count, double ratio, bool express,
              std::chrono::milliseconds timeout, std::string_view note) {}

// CHECK: static constexpr ::std::string_view telegen_keys_[] = {"user_name", "order.count", "ratio", "express", "timeout", "note"};
// CHECK: telegen_site_{"checkout", ::telegen::SpanKind::internal, "checkout", "{{.*}}", 12, telegen_keys_};
// CHECK: telegen_span_.set_attribute(0, user_name);
// CHECK-NEXT: telegen_span_.set_attribute(1, count);
// CHECK-NEXT: telegen_span_.set_attribute(2, ratio);
// CHECK-NEXT: telegen_span_.set_attribute(3, express);
// CHECK-NEXT: telegen_span_.set_attribute(4, ::telegen::detail::attribute_value(timeout));
// CHECK-NEXT: telegen_span_.set_attribute(5, note);
