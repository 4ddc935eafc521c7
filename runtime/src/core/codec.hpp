// The byte encoding of span and log records between a producing thread and
// the background thread: fixed-size fields copied as they are (both ends
// are the same process), typed values as a type byte and a payload.
#pragma once

#include "telegen/attribute.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace telegen::detail {

// Bytes needed to encode `value`.
inline std::size_t encoded_size(const AttributeValue& value) noexcept {
  switch (value.type()) {
  case AttributeValue::Type::null:
    return 1;
  case AttributeValue::Type::boolean:
    return 2;
  case AttributeValue::Type::string:
    return 1 + 4 + value.as_string().size();
  default:
    return 1 + 8;
  }
}

class Writer {
public:
  explicit Writer(std::byte* at) noexcept : at_(at) {}

  template <class T> void put(const T& v) noexcept {
    std::memcpy(at_, &v, sizeof v);
    at_ += sizeof v;
  }
  void put_bytes(std::string_view bytes) noexcept {
    if (!bytes.empty()) // an empty view may hold a null pointer
      std::memcpy(at_, bytes.data(), bytes.size());
    at_ += bytes.size();
  }
  // A u16 length, then the bytes.
  void put_short_string(std::string_view text) noexcept {
    put(static_cast<std::uint16_t>(text.size()));
    put_bytes(text);
  }
  void put_value(const AttributeValue& value) noexcept {
    put(static_cast<std::uint8_t>(value.type()));
    switch (value.type()) {
    case AttributeValue::Type::null:
      break;
    case AttributeValue::Type::boolean:
      put(static_cast<std::uint8_t>(value.as_bool()));
      break;
    case AttributeValue::Type::int64:
      put(value.as_int64());
      break;
    case AttributeValue::Type::uint64:
      put(value.as_uint64());
      break;
    case AttributeValue::Type::float64:
      put(value.as_double());
      break;
    case AttributeValue::Type::string:
      put(static_cast<std::uint32_t>(value.as_string().size()));
      put_bytes(value.as_string());
      break;
    }
  }
  std::byte* position() const noexcept { return at_; }

private:
  std::byte* at_;
};

// Reads what a Writer wrote. Strings are views into the record.
class Reader {
public:
  Reader(const std::byte* at, const std::byte* end) noexcept : at_(at), end_(end) {}

  template <class T> T get() noexcept {
    T v;
    std::memcpy(&v, at_, sizeof v);
    at_ += sizeof v;
    return v;
  }
  std::string_view get_bytes(std::size_t size) noexcept {
    std::string_view text(reinterpret_cast<const char*>(at_), size);
    at_ += size;
    return text;
  }
  std::string_view get_short_string() noexcept { return get_bytes(get<std::uint16_t>()); }
  AttributeValue get_value() noexcept {
    AttributeValue value;
    get_value(value);
    return value;
  }
  // The same, assigned in place: each case stores straight into `out`,
  // where copying a returned temporary would read back bytes just written
  // in two parts (a store-forwarding stall on the background threads).
  void get_value(AttributeValue& out) noexcept {
    switch (static_cast<AttributeValue::Type>(get<std::uint8_t>())) {
    case AttributeValue::Type::null:
      out = AttributeValue();
      return;
    case AttributeValue::Type::boolean:
      out = AttributeValue(get<std::uint8_t>() != 0);
      return;
    case AttributeValue::Type::int64:
      out = AttributeValue(get<std::int64_t>());
      return;
    case AttributeValue::Type::uint64:
      out = AttributeValue(get<std::uint64_t>());
      return;
    case AttributeValue::Type::float64:
      out = AttributeValue(get<double>());
      return;
    case AttributeValue::Type::string:
      out = AttributeValue(get_bytes(get<std::uint32_t>()));
      return;
    }
    out = AttributeValue();
  }
  bool at_end() const noexcept { return at_ >= end_; }
  const std::byte* position() const noexcept { return at_; }

private:
  const std::byte* at_;
  const std::byte* end_;
};

} // namespace telegen::detail
