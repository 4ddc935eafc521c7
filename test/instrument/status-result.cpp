// status = result: each return passes its value through the span, which
// marks the span as error when the value means failure. Locals are moved as
// a plain return would; braced lists get the return type spelled.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>
#include <optional>
#include <string>
#include <system_error>

TELEGEN_SPAN("cache.hit", status = result)
bool hit(int key) { return key > 0; }

TELEGEN_SPAN("cache.get", status = result)
std::optional<std::string> get(int key) {
  if (key < 0)
    return std::nullopt;
  std::string value = "v";
  return value;
}

TELEGEN_SPAN("cache.put", status = result)
std::error_code put(int key) {
  if (key < 0)
    return {};
  auto lambda = [] { return 1; };
  return std::make_error_code(std::errc::io_error);
}

// CHECK: return ::telegen::detail::span_result<bool>(telegen_span_, key > 0);
// CHECK: return ::telegen::detail::span_result<::std::optional< ::std::string>>(telegen_span_, std::nullopt);
// CHECK: return ::telegen::detail::span_result<::std::optional< ::std::string>>(telegen_span_, ::std::move(value));
// CHECK: return ::telegen::detail::span_result<::std::error_code>(telegen_span_, ::std::error_code{});
// CHECK: auto lambda = [] { return 1; };
// CHECK: return ::telegen::detail::span_result<::std::error_code>(telegen_span_, std::make_error_code(std::errc::io_error));
