// An owned attribute Value seen as the AttributeValue the encoders take.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/exporter.hpp"

namespace telegen::detail {

// A view of `value`: its string stays owned by `value`.
inline AttributeValue attribute_view(const Value& value) noexcept {
  if (const auto* s = std::get_if<std::string>(&value))
    return std::string_view(*s);
  if (const auto* b = std::get_if<bool>(&value))
    return *b;
  if (const auto* i = std::get_if<std::int64_t>(&value))
    return *i;
  if (const auto* d = std::get_if<double>(&value))
    return *d;
  return {};
}

} // namespace telegen::detail
