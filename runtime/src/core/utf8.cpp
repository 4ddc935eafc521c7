#include "core/utf8.hpp"

namespace telegen::detail {

std::size_t valid_utf8_length(std::string_view s) noexcept {
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

bool is_valid_utf8(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = valid_utf8_length(text.substr(i));
    if (length == 0)
      return false;
    i += length;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = valid_utf8_length(text.substr(i));
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  return out;
}

} // namespace telegen::detail
