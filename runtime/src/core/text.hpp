// Small text helpers for header and environment parsing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace telegen::detail {

// Trims RFC 9110 optional whitespace (spaces and tabs).
inline std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// 0-15 for each lowercase hex digit, -1 for every other byte.
inline constexpr auto lower_hex_values = [] {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table)
    v = -1;
  for (int c = '0'; c <= '9'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c)
    table[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
  return table;
}();

// Parses up to 16 lowercase hex digits as a big-endian number. Branch-free
// per digit: traceparent parsing is on every incoming request.
inline bool parse_lower_hex(std::string_view hex, std::uint64_t& out) noexcept {
  std::uint64_t value = 0;
  int invalid = 0;
  for (char c : hex) {
    const int digit = lower_hex_values[static_cast<unsigned char>(c)];
    invalid |= digit;
    value = value << 4 | static_cast<std::uint64_t>(digit & 0xF);
  }
  out = value;
  return invalid >= 0;
}

inline void write_lower_hex(std::uint64_t value, char* out, int digits) noexcept {
  constexpr char hex[] = "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) {
    out[i] = hex[value & 0xF];
    value >>= 4;
  }
}

// RFC 7230 tchar: the characters of a token (header names, baggage keys).
inline bool is_tchar(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool is_token(std::string_view s) noexcept {
  if (s.empty())
    return false;
  for (char c : s)
    if (!is_tchar(c))
      return false;
  return true;
}

} // namespace telegen::detail
