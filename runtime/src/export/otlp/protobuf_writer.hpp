// The Protocol Buffers wire format, written back to front: a nested
// message's fields are written before its length and tag, so each length is
// known when it is written, and nothing is measured twice or moved. Callers
// therefore write a message's fields from the last to the first (and the
// elements of a repeated field from the last to the first) to get them in
// field-number order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace telegen::detail {

// Not thread-safe; one per encoding thread. Keeps its buffer across
// clear(), so a steady state does not allocate.
//
//   ProtoWriter w;
//   const std::size_t end = w.size();     // where the nested message ends
//   w.string_field(2, "name");            // its fields, last first
//   w.fixed64_field(1, 42);
//   w.message_field(3, end);              // closes it as field 3
//   send(w.view());
class ProtoWriter {
public:
  ProtoWriter() = default;
  ProtoWriter(const ProtoWriter&) = delete;
  ProtoWriter& operator=(const ProtoWriter&) = delete;

  // Bytes written so far. A nested message begins where size() was when
  // its last field was about to be written.
  std::size_t size() const noexcept { return static_cast<std::size_t>(end_ - at_); }
  std::string_view view() const noexcept { return {at_, size()}; }
  void clear() noexcept { at_ = end_; }

  void varint_field(std::uint32_t field, std::uint64_t value) {
    varint(value);
    tag(field, varint_type);
  }
  void bool_field(std::uint32_t field, bool value) { varint_field(field, value ? 1 : 0); }
  void fixed64_field(std::uint32_t field, std::uint64_t value) {
    fixed(value);
    tag(field, fixed64_type);
  }
  void fixed32_field(std::uint32_t field, std::uint32_t value) {
    fixed(value);
    tag(field, fixed32_type);
  }
  void double_field(std::uint32_t field, double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    fixed64_field(field, bits);
  }
  void bytes_field(std::uint32_t field, std::string_view bytes) {
    raw(bytes);
    varint(bytes.size());
    tag(field, length_type);
  }
  // Bytes that are not valid UTF-8 become U+FFFD: proto3 strings must be
  // UTF-8, and strict decoders refuse a message otherwise.
  void string_field(std::uint32_t field, std::string_view text);
  // Closes the nested message whose bytes were written since size() was
  // `end` as a length-delimited field.
  void message_field(std::uint32_t field, std::size_t end) {
    varint(size() - end);
    tag(field, length_type);
  }
  // A packed repeated fixed64 or double field, values in order: their
  // little-endian bytes as one length-delimited field.
  template <class T>
  void packed_fixed_field(std::uint32_t field, const T* values, std::size_t count) {
    static_assert(sizeof(T) == 8, "fixed64, sfixed64 or double");
    bytes_field(field, {reinterpret_cast<const char*>(values), count * sizeof(T)});
  }
  // Bytes already encoded (a message's fields), copied as they are.
  void raw(std::string_view bytes) {
    reserve(bytes.size());
    at_ -= bytes.size();
    if (!bytes.empty())
      std::memcpy(at_, bytes.data(), bytes.size());
  }

private:
  static constexpr std::uint32_t varint_type = 0;
  static constexpr std::uint32_t fixed64_type = 1;
  static constexpr std::uint32_t length_type = 2;
  static constexpr std::uint32_t fixed32_type = 5;

  void tag(std::uint32_t field, std::uint32_t type) { varint((field << 3) | type); }
  void varint(std::uint64_t value) {
    if (value < 0x80) { // tags, and most lengths: one byte
      reserve(1);
      *--at_ = static_cast<char>(value);
      return;
    }
    std::size_t length = 1;
    for (std::uint64_t rest = value >> 7; rest != 0; rest >>= 7)
      ++length;
    reserve(length);
    at_ -= length;
    for (std::size_t i = 0; i + 1 < length; ++i) {
      at_[i] = static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    at_[length - 1] = static_cast<char>(value);
  }
  template <class T> void fixed(T value) {
    // Little-endian on the wire, as on every platform telegen builds for.
    reserve(sizeof value);
    at_ -= sizeof value;
    std::memcpy(at_, &value, sizeof value);
  }
  void reserve(std::size_t bytes) {
    if (static_cast<std::size_t>(at_ - begin_) < bytes)
      grow(bytes);
  }
  void grow(std::size_t bytes);

  std::unique_ptr<char[]> buffer_;
  char* begin_ = nullptr;
  char* at_ = nullptr;
  char* end_ = nullptr;
};

} // namespace telegen::detail
