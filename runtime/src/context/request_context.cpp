#include "telegen/request_context.hpp"

#include "context/random.hpp"
#include "core/text.hpp"

namespace telegen {
namespace {

constexpr std::string_view frontend_names[] = {"unknown",  "web", "cli",   "tui",     "mobile",
                                               "telegram", "api", "agent", "internal"};

} // namespace

std::string_view to_string(Frontend frontend) noexcept {
  return frontend_names[static_cast<std::size_t>(frontend)];
}

Frontend parse_frontend(std::string_view value) noexcept {
  value = detail::trim_ows(value);
  for (std::size_t i = 1; i < std::size(frontend_names); ++i)
    if (value == frontend_names[i])
      return static_cast<Frontend>(i);
  return Frontend::unknown;
}

std::string new_request_id() {
  std::uint64_t hi = detail::next_random();
  std::uint64_t lo = detail::next_random();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                        // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL; // RFC 4122 variant
  char hex[32];
  detail::write_lower_hex(hi, hex, 16);
  detail::write_lower_hex(lo, hex + 16, 16);
  std::string id;
  id.reserve(36);
  id.append(hex, 8).append(1, '-').append(hex + 8, 4).append(1, '-').append(hex + 12, 4);
  id.append(1, '-').append(hex + 16, 4).append(1, '-').append(hex + 20, 12);
  return id;
}

bool is_valid_request_id(std::string_view value) noexcept {
  if (value.empty() || value.size() > 128)
    return false;
  for (char c : value) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && std::string_view("-_.:/+=@").find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

} // namespace telegen
