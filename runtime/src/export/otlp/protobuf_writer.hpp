// The Protocol Buffers wire format, written back to front: a nested
// message's fields are written before its length and tag, so each length is
// known when it is written, and nothing is measured twice or moved. Callers
// therefore write a message's fields from the last to the first (and the
// elements of a repeated field from the last to the first) to get them in
// field-number order.
#pragma once

#include "core/utf8.hpp"

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
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
  class Run;

  // Room each field needs in a Run, beyond its bytes: a tag and a length.
  static constexpr std::size_t max_varint_bytes = 10;
  static constexpr std::size_t field_overhead = 5 + max_varint_bytes;

  ProtoWriter() = default;
  ProtoWriter(const ProtoWriter&) = delete;
  ProtoWriter& operator=(const ProtoWriter&) = delete;

  // Bytes written so far. A nested message begins where size() was when
  // its last field was about to be written.
  std::size_t size() const noexcept { return static_cast<std::size_t>(end_ - at_); }
  std::string_view view() const noexcept { return {at_, size()}; }
  void clear() noexcept { at_ = end_; }

  // Each field on its own; a Run writes several with one check for room.
  void varint_field(std::uint32_t field, std::uint64_t value);
  void bool_field(std::uint32_t field, bool value);
  void fixed64_field(std::uint32_t field, std::uint64_t value);
  void fixed32_field(std::uint32_t field, std::uint32_t value);
  void double_field(std::uint32_t field, double value);
  void bytes_field(std::uint32_t field, std::string_view bytes);
  // Bytes that are not valid UTF-8 become U+FFFD: proto3 strings must be
  // UTF-8, and strict decoders refuse a message otherwise.
  void string_field(std::uint32_t field, std::string_view text);
  // Closes the nested message whose bytes were written since size() was
  // `end` as a length-delimited field.
  void message_field(std::uint32_t field, std::size_t end);
  // A packed repeated fixed64 or double field, values in order: their
  // little-endian bytes as one length-delimited field.
  template <class T>
  void packed_fixed_field(std::uint32_t field, const T* values, std::size_t count) {
    static_assert(sizeof(T) == 8, "fixed64, sfixed64 or double");
    bytes_field(field, {reinterpret_cast<const char*>(values), count * sizeof(T)});
  }
  // Bytes already encoded (a message's fields), copied as they are.
  void raw(std::string_view bytes);

private:
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

// A run of fields written with a single check for room: made with the most
// bytes they take (their bytes, field_overhead per field, and three times
// the length of a string, whose bytes that are not UTF-8 take three each
// as U+FFFD), it writes them without checking again. The writer is not
// used directly while a Run of it lives.
//
//   {
//     ProtoWriter::Run run(w, 2 * (8 + ProtoWriter::field_overhead));
//     run.fixed64_field(8, end);
//     run.fixed64_field(7, start);
//   } // the writer takes the bytes
class ProtoWriter::Run {
public:
  Run(ProtoWriter& w, std::size_t room) : w_(w) {
    w.reserve(room);
    at_ = w.at_;
    end_ = w.end_;
#ifndef NDEBUG
    limit_ = at_ - room;
#endif
  }
  // A Run that wrote more than the room it was made with is a bug in
  // that room's sum: debug builds (the test suite's) stop there.
  ~Run() {
    assert(at_ >= limit_ && "a ProtoWriter::Run wrote past the room it asked for");
    w_.at_ = at_;
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  std::size_t size() const noexcept { return static_cast<std::size_t>(end_ - at_); }

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
  // Bytes that are not UTF-8 take three each as U+FFFD. Always inlined:
  // a Run whose address is passed to a call stays in memory, and every
  // byte it writes then reloads its pointers.
  [[gnu::always_inline]] void string_field(std::uint32_t field, std::string_view text) {
    if (is_ascii(text) || is_valid_utf8(text))
      bytes_field(field, text);
    else
      bytes_field(field, to_valid_utf8(text));
  }
  void message_field(std::uint32_t field, std::size_t end) {
    varint(size() - end);
    tag(field, length_type);
  }
  void raw(std::string_view bytes) {
    at_ -= bytes.size();
    copy_bytes(at_, bytes.data(), bytes.size());
  }
  // Keys and ids are short: 8 to 16 bytes are two overlapping word
  // copies, not a call.
  [[gnu::always_inline]] static void copy_bytes(char* to, const char* from, std::size_t n) {
    if (n >= 8 && n <= 16) {
      std::uint64_t head, tail;
      std::memcpy(&head, from, 8);
      std::memcpy(&tail, from + n - 8, 8);
      std::memcpy(to, &head, 8);
      std::memcpy(to + n - 8, &tail, 8);
    } else if (n != 0) {
      std::memcpy(to, from, n);
    }
  }

  static bool is_ascii(std::string_view text) noexcept {
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
      std::uint64_t word;
      std::memcpy(&word, text.data() + i, sizeof word);
      if ((word & 0x8080808080808080u) != 0)
        return false;
    }
    for (; i < text.size(); ++i)
      if (static_cast<unsigned char>(text[i]) >= 0x80)
        return false;
    return true;
  }

private:
  static constexpr std::uint32_t varint_type = 0;
  static constexpr std::uint32_t fixed64_type = 1;
  static constexpr std::uint32_t length_type = 2;
  static constexpr std::uint32_t fixed32_type = 5;

  void tag(std::uint32_t field, std::uint32_t type) { varint((field << 3) | type); }
  void varint(std::uint64_t value) {
    if (value < 0x80) { // tags, and most lengths: one byte
      *--at_ = static_cast<char>(value);
      return;
    }
    if (value < 0x4000) { // a span's length, most numbers: two
      at_ -= 2;
      at_[0] = static_cast<char>((value & 0x7F) | 0x80);
      at_[1] = static_cast<char>(value >> 7);
      return;
    }
    std::size_t length = 1;
    for (std::uint64_t rest = value >> 7; rest != 0; rest >>= 7)
      ++length;
    at_ -= length;
    for (std::size_t i = 0; i + 1 < length; ++i) {
      at_[i] = static_cast<char>((value & 0x7F) | 0x80);
      value >>= 7;
    }
    at_[length - 1] = static_cast<char>(value);
  }
  template <class T> void fixed(T value) {
    // Little-endian on the wire, as on every platform telegen builds for.
    at_ -= sizeof value;
    std::memcpy(at_, &value, sizeof value);
  }

  // Copies of the writer's pointers: kept in registers where the Run is
  // local, since a byte stored through a char* could be any member.
  ProtoWriter& w_;
  char* at_;
  char* end_;
#ifndef NDEBUG
  char* limit_; // where the room asked for ends
#endif
};

inline void ProtoWriter::varint_field(std::uint32_t field, std::uint64_t value) {
  Run(*this, field_overhead).varint_field(field, value);
}
inline void ProtoWriter::bool_field(std::uint32_t field, bool value) {
  Run(*this, field_overhead).bool_field(field, value);
}
inline void ProtoWriter::fixed64_field(std::uint32_t field, std::uint64_t value) {
  Run(*this, field_overhead).fixed64_field(field, value);
}
inline void ProtoWriter::fixed32_field(std::uint32_t field, std::uint32_t value) {
  Run(*this, field_overhead).fixed32_field(field, value);
}
inline void ProtoWriter::double_field(std::uint32_t field, double value) {
  Run(*this, field_overhead).double_field(field, value);
}
inline void ProtoWriter::bytes_field(std::uint32_t field, std::string_view bytes) {
  Run(*this, bytes.size() + field_overhead).bytes_field(field, bytes);
}
inline void ProtoWriter::message_field(std::uint32_t field, std::size_t end) {
  Run(*this, field_overhead).message_field(field, end);
}
inline void ProtoWriter::raw(std::string_view bytes) { Run(*this, bytes.size()).raw(bytes); }

} // namespace telegen::detail
