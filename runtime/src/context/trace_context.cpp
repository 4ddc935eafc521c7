// W3C Trace Context: traceparent and tracestate.
#include "telegen/propagation.hpp"

#include "core/text.hpp"

#include <vector>

namespace telegen {
namespace {

// Offsets in "vv-<32 trace-id>-<16 parent-id>-ff".
constexpr std::size_t trace_id_at = 3;
constexpr std::size_t parent_id_at = 36;
constexpr std::size_t flags_at = 53;

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' ||
         c == '/' || c == '@';
}

// key = (lcalpha / DIGIT) 0*255(keychar)
bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 256)
    return false;
  if (!((key[0] >= 'a' && key[0] <= 'z') || (key[0] >= '0' && key[0] <= '9')))
    return false;
  for (char c : key)
    if (!is_key_char(c))
      return false;
  return true;
}

// value = 0*255(chr) nblk-chr; chr = %x20 / nblk-chr;
// nblk-chr = %x21-2B / %x2D-3C / %x3E-7E
bool valid_value(std::string_view value) {
  if (value.empty() || value.size() > 256 || value.back() == ' ')
    return false;
  for (char c : value)
    if (c < 0x20 || c > 0x7E || c == ',' || c == '=')
      return false;
  return true;
}

} // namespace

std::optional<SpanContext> parse_traceparent(std::string_view value) noexcept {
  value = detail::trim_ows(value);
  if (value.size() < traceparent_size)
    return std::nullopt;
  std::uint64_t version = 0;
  if (!detail::parse_lower_hex(value.substr(0, 2), version) || value[2] != '-' || version == 0xff)
    return std::nullopt;
  // Version 00 is exactly 55 characters; a later version may append
  // fields, each after a dash.
  if (version == 0 ? value.size() != traceparent_size
                   : value.size() > traceparent_size && value[traceparent_size] != '-')
    return std::nullopt;
  if (value[parent_id_at - 1] != '-' || value[flags_at - 1] != '-')
    return std::nullopt;
  SpanContext context;
  std::uint64_t flags = 0;
  if (!detail::parse_lower_hex(value.substr(trace_id_at, 16), context.trace_id.hi) ||
      !detail::parse_lower_hex(value.substr(trace_id_at + 16, 16), context.trace_id.lo) ||
      !detail::parse_lower_hex(value.substr(parent_id_at, 16), context.span_id.value) ||
      !detail::parse_lower_hex(value.substr(flags_at, 2), flags))
    return std::nullopt;
  if (!context.valid())
    return std::nullopt;
  context.flags = static_cast<std::uint8_t>(flags & trace_flags::known);
  context.remote = true;
  return context;
}

void write_traceparent(const SpanContext& context, char* out) noexcept {
  out[0] = '0';
  out[1] = '0';
  out[2] = '-';
  context.trace_id.write_hex(out + trace_id_at);
  out[parent_id_at - 1] = '-';
  context.span_id.write_hex(out + parent_id_at);
  out[flags_at - 1] = '-';
  detail::write_lower_hex(context.flags & trace_flags::known, out + flags_at, 2);
}

std::string format_traceparent(const SpanContext& context) {
  std::string out(traceparent_size, '0');
  write_traceparent(context, out.data());
  return out;
}

std::optional<std::string> normalize_tracestate(std::string_view value) {
  std::vector<std::string_view> keys;
  std::string out;
  std::size_t members = 0;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view member = detail::trim_ows(value.substr(0, comma));
    if (!member.empty()) {
      const std::size_t equals = member.find('=');
      if (equals == std::string_view::npos)
        return std::nullopt;
      const std::string_view key = member.substr(0, equals);
      if (!valid_key(key) || !valid_value(member.substr(equals + 1)))
        return std::nullopt;
      if (++members > 32)
        return std::nullopt;
      bool duplicate = false;
      for (std::string_view seen : keys)
        duplicate |= seen == key;
      if (!duplicate) {
        keys.push_back(key);
        if (!out.empty())
          out += ',';
        out += member;
      }
    }
    if (comma == std::string_view::npos)
      break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

} // namespace telegen
