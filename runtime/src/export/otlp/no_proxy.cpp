#include "export/otlp/no_proxy.hpp"

#include "telegen/propagation.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <string>

namespace telegen::detail {
namespace {

// An IPv4 or IPv6 address in network byte order.
struct Address {
  int family = 0; // AF_INET, AF_INET6, or 0: not an address
  unsigned char bytes[16] = {};
  unsigned bits() const { return family == AF_INET ? 32 : 128; }
};

Address parse_address(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  Address address;
  if (text.empty() || text.size() > 45)
    return address;
  const std::string copy(text);
  if (inet_pton(AF_INET, copy.c_str(), address.bytes) == 1)
    address.family = AF_INET;
  else if (inet_pton(AF_INET6, copy.c_str(), address.bytes) == 1)
    address.family = AF_INET6;
  return address;
}

// Whether the first `bits` bits of two addresses of one family agree.
bool same_prefix(const Address& a, const Address& b, unsigned bits) {
  const unsigned whole = bits / 8;
  if (std::memcmp(a.bytes, b.bytes, whole) != 0)
    return false;
  const unsigned rest = bits % 8;
  if (rest == 0)
    return true;
  const auto mask = static_cast<unsigned char>(0xFF << (8 - rest));
  return (a.bytes[whole] & mask) == (b.bytes[whole] & mask);
}

bool matches_address(const Address& host, std::string_view token) {
  unsigned bits = host.bits();
  if (const std::size_t slash = token.find('/'); slash != std::string_view::npos) {
    const std::string_view digits = token.substr(slash + 1);
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
      return false;
    if (n > host.bits())
      return false;
    if (n != 0) // "/0" compares the whole address, as libcurl does
      bits = n;
    token = token.substr(0, slash);
  }
  const Address network = parse_address(token);
  return network.family == host.family && same_prefix(host, network, bits);
}

bool matches_name(std::string_view host, std::string_view token) {
  if (!token.empty() && token.front() == '.')
    token.remove_prefix(1);
  if (!token.empty() && token.back() == '.')
    token.remove_suffix(1);
  if (token.empty() || token.size() > host.size())
    return false;
  const std::string_view tail = host.substr(host.size() - token.size());
  return iequals(tail, token) &&
         (tail.size() == host.size() || host[host.size() - token.size() - 1] == '.');
}

} // namespace

bool no_proxy_exempts(std::string_view host, std::string_view list) {
  if (host.empty())
    return false;
  if (list == "*")
    return true; // a "*" among other names is a name, as for libcurl
  const Address address = parse_address(host);
  if (address.family == 0 && host.back() == '.')
    host.remove_suffix(1); // "example.com." is example.com
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  for (std::size_t at = 0; at < list.size();) {
    while (at < list.size() && blank(list[at]))
      ++at;
    std::size_t end = at;
    while (end < list.size() && !blank(list[end]) && list[end] != ',')
      ++end;
    const std::string_view token = list.substr(at, end - at);
    if (!token.empty() &&
        (address.family != 0 ? matches_address(address, token) : matches_name(host, token)))
      return true;
    while (end < list.size() && blank(list[end]))
      ++end;
    // Names are separated by commas; anything else after a name ends the
    // list, as libcurl reads it.
    if (end >= list.size() || list[end] != ',')
      break;
    while (end < list.size() && list[end] == ',')
      ++end;
    at = end;
  }
  return false;
}

} // namespace telegen::detail
