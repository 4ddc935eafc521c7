#include "telegen/span_context.hpp"

#include "core/text.hpp"

namespace telegen {

void TraceId::write_hex(char* out) const noexcept {
  detail::write_lower_hex(hi, out, 16);
  detail::write_lower_hex(lo, out + 16, 16);
}

std::string TraceId::to_hex() const {
  std::string out(32, '0');
  write_hex(out.data());
  return out;
}

std::optional<TraceId> TraceId::from_hex(std::string_view hex) noexcept {
  TraceId id;
  if (hex.size() != 32 || !detail::parse_lower_hex(hex.substr(0, 16), id.hi) ||
      !detail::parse_lower_hex(hex.substr(16), id.lo) || !id.valid())
    return std::nullopt;
  return id;
}

void SpanId::write_hex(char* out) const noexcept { detail::write_lower_hex(value, out, 16); }

std::string SpanId::to_hex() const {
  std::string out(16, '0');
  write_hex(out.data());
  return out;
}

std::optional<SpanId> SpanId::from_hex(std::string_view hex) noexcept {
  SpanId id;
  if (hex.size() != 16 || !detail::parse_lower_hex(hex, id.value) || !id.valid())
    return std::nullopt;
  return id;
}

} // namespace telegen
