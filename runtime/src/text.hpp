// Small text helpers for header and environment parsing.
#pragma once

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

// 0-15 for a lowercase hex digit, -1 otherwise.
inline int lower_hex_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

// Parses 2*n lowercase hex digits into an n-byte big-endian number.
inline bool parse_lower_hex(std::string_view hex, std::uint64_t& out) noexcept {
  std::uint64_t value = 0;
  for (char c : hex) {
    const int digit = lower_hex_value(c);
    if (digit < 0)
      return false;
    value = value << 4 | static_cast<std::uint64_t>(digit);
  }
  out = value;
  return true;
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
