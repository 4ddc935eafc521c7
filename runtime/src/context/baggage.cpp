#include "telegen/baggage.hpp"

#include "core/text.hpp"
#include "core/utf8.hpp"

namespace telegen {
namespace {

// baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
bool is_baggage_octet(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == 0x21 || (u >= 0x23 && u <= 0x2B) || (u >= 0x2D && u <= 0x3A) ||
         (u >= 0x3C && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
}

bool is_baggage_value(std::string_view value) {
  for (char c : value)
    if (!is_baggage_octet(c))
      return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// Percent-decodes, then replaces bytes that are not valid UTF-8 with
// U+FFFD, as the spec requires. A '%' not followed by two hex digits is
// kept as it is.
std::string decode(std::string_view encoded) {
  std::string bytes;
  bytes.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size() && hex_value(encoded[i + 1]) >= 0 &&
        hex_value(encoded[i + 2]) >= 0) {
      bytes.push_back(
          static_cast<char>(hex_value(encoded[i + 1]) * 16 + hex_value(encoded[i + 2])));
      i += 2;
    } else {
      bytes.push_back(encoded[i]);
    }
  }
  return detail::to_valid_utf8(bytes);
}

void encode(std::string& out, std::string_view value) {
  constexpr char hex[] = "0123456789ABCDEF";
  for (char c : value) {
    if (is_baggage_octet(c) && c != '%') {
      out.push_back(c);
    } else {
      const auto u = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 0xF]);
    }
  }
}

// property = key OWS "=" OWS value / key OWS. Returns the property as
// "key" or "key=value" without whitespace, or nothing when invalid.
std::optional<std::string> parse_property(std::string_view text) {
  text = detail::trim_ows(text);
  const std::size_t equals = text.find('=');
  const std::string_view key = detail::trim_ows(text.substr(0, equals));
  if (!detail::is_token(key))
    return std::nullopt;
  if (equals == std::string_view::npos)
    return std::string(key);
  const std::string_view value = detail::trim_ows(text.substr(equals + 1));
  if (!is_baggage_value(value))
    return std::nullopt;
  return std::string(key) + "=" + std::string(value);
}

std::optional<Baggage::Member> parse_member(std::string_view text) {
  const std::size_t semicolon = text.find(';');
  const std::string_view pair = text.substr(0, semicolon);
  const std::size_t equals = pair.find('=');
  if (equals == std::string_view::npos)
    return std::nullopt;
  const std::string_view key = detail::trim_ows(pair.substr(0, equals));
  const std::string_view value = detail::trim_ows(pair.substr(equals + 1));
  if (!detail::is_token(key) || !is_baggage_value(value))
    return std::nullopt;
  Baggage::Member member{std::string(key), decode(value), {}};
  if (semicolon == std::string_view::npos)
    return member;
  std::string_view rest = text.substr(semicolon + 1);
  for (;;) {
    const std::size_t next = rest.find(';');
    const auto property = parse_property(rest.substr(0, next));
    if (!property)
      return std::nullopt;
    member.properties += ';';
    member.properties += *property;
    if (next == std::string_view::npos)
      return member;
    rest.remove_prefix(next + 1);
  }
}

std::size_t encoded_size(const Baggage::Member& member) {
  std::string out;
  encode(out, member.value);
  return member.key.size() + 1 + out.size() + member.properties.size();
}

} // namespace

Baggage Baggage::parse(std::string_view header) {
  Baggage baggage;
  std::size_t bytes = 0;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view text = detail::trim_ows(header.substr(0, comma));
    if (!text.empty() && baggage.members_.size() < max_members) {
      if (auto member = parse_member(text)) {
        const std::size_t size = (bytes == 0 ? 0 : 1) + encoded_size(*member);
        if (bytes + size <= max_header_bytes) {
          bytes += size;
          baggage.members_.push_back(std::move(*member));
        }
      }
    }
    if (comma == std::string_view::npos)
      break;
    header.remove_prefix(comma + 1);
  }
  return baggage;
}

std::string Baggage::to_header() const {
  std::string out;
  std::size_t count = 0;
  for (const Member& member : members_) {
    if (count == max_members)
      break;
    std::string text = member.key + "=";
    encode(text, member.value);
    text += member.properties;
    if (out.size() + (out.empty() ? 0 : 1) + text.size() > max_header_bytes)
      continue;
    if (!out.empty())
      out += ',';
    out += text;
    ++count;
  }
  return out;
}

std::optional<std::string_view> Baggage::get(std::string_view key) const noexcept {
  for (const Member& member : members_)
    if (member.key == key)
      return std::string_view(member.value);
  return std::nullopt;
}

bool Baggage::set(std::string_view key, std::string_view value) {
  if (!detail::is_token(key))
    return false;
  bool found = false;
  for (auto it = members_.begin(); it != members_.end();) {
    if (it->key != key) {
      ++it;
    } else if (!found) {
      it->value = std::string(value);
      it->properties.clear();
      found = true;
      ++it;
    } else {
      it = members_.erase(it);
    }
  }
  if (!found)
    members_.push_back({std::string(key), std::string(value), {}});
  return true;
}

void Baggage::remove(std::string_view key) {
  for (auto it = members_.begin(); it != members_.end();)
    it = it->key == key ? members_.erase(it) : it + 1;
}

} // namespace telegen
