// Bound fields: typed key/value pairs bound to a context, which every log
// record written under it carries. They are kept encoded as a log record
// carries them (core/codec.hpp: a short key, then the value), so writing
// them into a record is one copy.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/context.hpp"

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// At most this many fields are bound to one context; a binding past it
// keeps the fields bound first.
inline constexpr std::size_t max_bound_fields = 32;

// `extras`' fields with `fields` bound: a key bound before takes the new
// value in its place, new keys follow in the order given. Empty keys are
// ignored; keys and string values longer than 255 bytes are cut.
void bind_fields(ContextExtras& extras, std::initializer_list<Attribute> fields);

// Calls visit(key, value) for each encoded field, in order.
template <class Visit> void for_each_bound_field(const ContextExtras& extras, Visit&& visit);
std::vector<Attribute> bound_fields(const ContextExtras& extras);

// The carrier field the bound fields cross process boundaries in
// ("x-telegen-fields"): W3C Baggage's syntax, each value prefixed with its
// type (s: string, i: int64, u: uint64, d: double, b: bool, n: null), so
// percent-encoding, limits and parsing are Baggage's. Values of sensitive
// keys cross as "[REDACTED]". Empty when nothing is bound.
std::string format_fields_header(const ContextExtras& extras);
// Binds the fields a carrier field holds into `extras`; members that are
// malformed (unknown type, a number that does not parse) are skipped.
void parse_fields_header(std::string_view header, ContextExtras& extras);

} // namespace telegen::detail

#include "core/codec.hpp"

template <class Visit>
void telegen::detail::for_each_bound_field(const ContextExtras& extras, Visit&& visit) {
  const auto* begin = reinterpret_cast<const std::byte*>(extras.bound_fields.data());
  Reader r(begin, begin + extras.bound_fields.size());
  for (std::uint16_t i = 0; i < extras.bound_field_count; ++i) {
    const std::string_view key = r.get_short_string();
    visit(key, r.get_value());
  }
}
