// Trace and span identifiers and the span context that W3C Trace Context
// carries between processes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace telegen {

// A 128-bit trace id. `hi` holds the first 8 bytes as the traceparent
// header spells them (big-endian), `lo` the last 8. All zero is invalid.
// A plain value: thread-safe to copy and read.
//
//   auto id = telegen::TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
//   if (id) std::puts(id->to_hex().c_str());
struct TraceId {
  std::uint64_t hi = 0;
  std::uint64_t lo = 0;

  constexpr bool valid() const noexcept { return (hi | lo) != 0; }
  // 32 lowercase hex digits.
  std::string to_hex() const;
  // Writes the 32 hex digits to out[0..31] (no terminator).
  void write_hex(char* out) const noexcept;
  // Parses exactly 32 lowercase hex digits, as W3C Trace Context requires.
  // Returns nothing on any other input, including all zeros.
  static std::optional<TraceId> from_hex(std::string_view hex) noexcept;

  friend constexpr bool operator==(TraceId a, TraceId b) noexcept {
    return a.hi == b.hi && a.lo == b.lo;
  }
  friend constexpr bool operator!=(TraceId a, TraceId b) noexcept { return !(a == b); }
};

// A 64-bit span id (the traceparent's parent-id). All zero is invalid.
// A plain value: thread-safe to copy and read.
struct SpanId {
  std::uint64_t value = 0;

  constexpr bool valid() const noexcept { return value != 0; }
  // 16 lowercase hex digits.
  std::string to_hex() const;
  void write_hex(char* out) const noexcept;
  static std::optional<SpanId> from_hex(std::string_view hex) noexcept;

  friend constexpr bool operator==(SpanId a, SpanId b) noexcept { return a.value == b.value; }
  friend constexpr bool operator!=(SpanId a, SpanId b) noexcept { return a.value != b.value; }
};

// The W3C trace-flags bits telegen understands (Trace Context Level 2).
// Other bits are reserved: they are dropped when parsed and never sent.
namespace trace_flags {
inline constexpr std::uint8_t sampled = 0x01;
// The right-most 7 bytes of the trace id are random. telegen sets it on
// every trace id it generates and passes it on unchanged otherwise.
inline constexpr std::uint8_t random = 0x02;
inline constexpr std::uint8_t known = sampled | random;
} // namespace trace_flags

// Identifies one span within one trace, as traceparent does. `remote` is
// true when it was extracted from a carrier rather than started here.
// A plain value: thread-safe to copy and read.
struct SpanContext {
  TraceId trace_id;
  SpanId span_id;
  std::uint8_t flags = 0;
  bool remote = false;

  constexpr bool valid() const noexcept { return trace_id.valid() && span_id.valid(); }
  constexpr bool sampled() const noexcept { return (flags & trace_flags::sampled) != 0; }
};

} // namespace telegen
