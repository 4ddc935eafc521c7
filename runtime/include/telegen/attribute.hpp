// Typed values for span attributes, span-event attributes and log fields.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

namespace telegen {

// One typed value that refers to its caller's data (strings are not
// copied here; the runtime copies them when it records the value). Build
// it implicitly from any string-like, integral, floating-point or bool
// value, or nullptr. A plain value: thread-safe to copy and read.
//
//   span.set_attribute("http.route", route);        // string-like
//   span.set_attribute("retry.count", 3);           // integral -> int64
//   telegen::log(Level::info, "orders", "placed", {{"amount", 12.5}, {"coupon", nullptr}});
class AttributeValue {
public:
  enum class Type : std::uint8_t { null, boolean, int64, uint64, float64, string };

  constexpr AttributeValue() noexcept : type_(Type::null), bits_(0) {}
  constexpr AttributeValue(std::nullptr_t) noexcept : AttributeValue() {}
  constexpr AttributeValue(bool value) noexcept : type_(Type::boolean), bool_(value) {}

  // Every integer type but bool. Unsigned values above INT64_MAX keep their
  // value as uint64 (exported as a decimal string, since OTLP integers are
  // signed 64-bit).
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  constexpr AttributeValue(T value) noexcept
      : type_(above_int64(value) ? Type::uint64 : Type::int64),
        bits_(static_cast<std::uint64_t>(value)) {}

  template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  constexpr AttributeValue(T value) noexcept
      : type_(Type::float64), double_(static_cast<double>(value)) {}

  constexpr AttributeValue(std::string_view value) noexcept
      : type_(Type::string), string_{value.data(), value.size()} {}
  // A null pointer is recorded as an empty string.
  constexpr AttributeValue(const char* value) noexcept
      : AttributeValue(value != nullptr ? std::string_view(value) : std::string_view()) {}
  AttributeValue(const std::string& value) noexcept : AttributeValue(std::string_view(value)) {}

  constexpr Type type() const noexcept { return type_; }
  constexpr bool as_bool() const noexcept { return bool_; }
  constexpr std::int64_t as_int64() const noexcept { return static_cast<std::int64_t>(bits_); }
  constexpr std::uint64_t as_uint64() const noexcept { return bits_; }
  constexpr double as_double() const noexcept { return double_; }
  constexpr std::string_view as_string() const noexcept { return {string_.data, string_.size}; }

private:
  template <class T> static constexpr bool above_int64(T value) noexcept {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t))
      return value > static_cast<T>(std::numeric_limits<std::int64_t>::max());
    else
      return false;
  }

  struct StringRef {
    const char* data;
    std::size_t size;
  };

  Type type_;
  union {
    bool bool_;
    std::uint64_t bits_; // int64 values in two's complement, uint64 as is
    double double_;
    StringRef string_;
  };
};

// A key and its value, both referring to the caller's data.
struct Attribute {
  std::string_view key;
  AttributeValue value;
};

} // namespace telegen
