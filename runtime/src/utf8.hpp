// UTF-8 validation shared by the JSON writer and the baggage decoder.
#pragma once

#include <cstddef>
#include <string_view>

namespace telegen::detail {

// Length of the valid UTF-8 sequence at the start of `s`, or 0 when the
// bytes there are not one (overlong forms, surrogates and code points past
// U+10FFFF are invalid too, as RFC 3629 says).
inline std::size_t valid_utf8_length(std::string_view s) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto continuation = [&](std::size_t i) { return i < s.size() && (byte(i) & 0xC0) == 0x80; };
  const unsigned char lead = byte(0);
  if (lead < 0x80)
    return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    return continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (!continuation(1) || !continuation(2))
      return 0;
    if (lead == 0xE0 && byte(1) < 0xA0)
      return 0; // overlong
    if (lead == 0xED && byte(1) >= 0xA0)
      return 0; // UTF-16 surrogate
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (!continuation(1) || !continuation(2) || !continuation(3))
      return 0;
    if (lead == 0xF0 && byte(1) < 0x90)
      return 0; // overlong
    if (lead == 0xF4 && byte(1) >= 0x90)
      return 0; // past U+10FFFF
    return 4;
  }
  return 0;
}

} // namespace telegen::detail
