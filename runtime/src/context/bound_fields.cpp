#include "context/bound_fields.hpp"

#include "core/redaction.hpp"
#include "telegen/baggage.hpp"

#include <charconv>
#include <cstdint>

namespace telegen::detail {
namespace {

constexpr std::size_t max_text_bytes = 255;

// Owned copies of bound fields while a binding merges them.
struct OwnedField {
  std::string key;
  AttributeValue::Type type;
  std::string text; // string values
  AttributeValue scalar;

  AttributeValue value() const {
    return type == AttributeValue::Type::string ? AttributeValue(text) : scalar;
  }
};

OwnedField own(std::string_view key, const AttributeValue& value) {
  OwnedField field{std::string(key.substr(0, max_text_bytes)), value.type(), {}, value};
  if (value.type() == AttributeValue::Type::string)
    field.text = std::string(value.as_string().substr(0, max_text_bytes));
  return field;
}

std::vector<OwnedField> owned_fields(const ContextExtras& extras) {
  std::vector<OwnedField> fields;
  for_each_bound_field(extras, [&](std::string_view key, const AttributeValue& value) {
    fields.push_back(own(key, value));
  });
  return fields;
}

void store(ContextExtras& extras, const std::vector<OwnedField>& fields) {
  std::size_t size = 0;
  for (const OwnedField& field : fields)
    size += 2 + field.key.size() + encoded_size(field.value());
  extras.bound_fields.assign(size, '\0');
  Writer w(reinterpret_cast<std::byte*>(extras.bound_fields.data()));
  for (const OwnedField& field : fields) {
    w.put_short_string(field.key);
    w.put_value(field.value());
  }
  extras.bound_field_count = static_cast<std::uint16_t>(fields.size());
}

void bind_one(std::vector<OwnedField>& fields, std::string_view key, const AttributeValue& value) {
  if (key.empty())
    return;
  key = key.substr(0, max_text_bytes);
  for (OwnedField& field : fields)
    if (field.key == key) {
      field = own(key, value);
      return;
    }
  if (fields.size() < max_bound_fields)
    fields.push_back(own(key, value));
}

template <class T> std::string number_text(T value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string typed_text(const AttributeValue& value) {
  switch (value.type()) {
  case AttributeValue::Type::null:
    return "n:";
  case AttributeValue::Type::boolean:
    return value.as_bool() ? "b:true" : "b:false";
  case AttributeValue::Type::int64:
    return "i:" + number_text(value.as_int64());
  case AttributeValue::Type::uint64:
    return "u:" + number_text(value.as_uint64());
  case AttributeValue::Type::float64:
    return "d:" + number_text(value.as_double());
  case AttributeValue::Type::string:
    return "s:" + std::string(value.as_string());
  }
  return "n:";
}

template <class T> std::optional<T> parse_number(std::string_view text) {
  T value{};
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size())
    return std::nullopt;
  return value;
}

// The value of "t:text", or nothing when malformed. Strings are returned as
// views into `typed`.
std::optional<AttributeValue> parse_typed(std::string_view typed) {
  if (typed.size() < 2 || typed[1] != ':')
    return std::nullopt;
  const std::string_view text = typed.substr(2);
  switch (typed[0]) {
  case 's':
    return AttributeValue(text);
  case 'n':
    return text.empty() ? std::optional<AttributeValue>(AttributeValue()) : std::nullopt;
  case 'b':
    if (text == "true" || text == "false")
      return AttributeValue(text == "true");
    return std::nullopt;
  case 'i':
    if (auto v = parse_number<std::int64_t>(text))
      return AttributeValue(*v);
    return std::nullopt;
  case 'u':
    if (auto v = parse_number<std::uint64_t>(text))
      return AttributeValue(*v);
    return std::nullopt;
  case 'd':
    if (auto v = parse_number<double>(text))
      return AttributeValue(*v);
    return std::nullopt;
  default:
    return std::nullopt;
  }
}

} // namespace

void bind_fields(ContextExtras& extras, std::initializer_list<Attribute> fields) {
  std::vector<OwnedField> merged = owned_fields(extras);
  for (const Attribute& field : fields)
    bind_one(merged, field.key, field.value);
  store(extras, merged);
}

std::vector<Attribute> bound_fields(const ContextExtras& extras) {
  std::vector<Attribute> fields;
  for_each_bound_field(extras, [&](std::string_view key, const AttributeValue& value) {
    fields.push_back({key, value});
  });
  return fields;
}

std::string format_fields_header(const ContextExtras& extras) {
  if (extras.bound_field_count == 0)
    return {};
  Baggage members;
  for_each_bound_field(extras, [&](std::string_view key, const AttributeValue& value) {
    members.set(key, is_sensitive_key(key) ? "s:" + std::string(redacted_value) : typed_text(value));
  });
  return members.to_header();
}

void parse_fields_header(std::string_view header, ContextExtras& extras) {
  if (header.empty())
    return;
  std::vector<OwnedField> merged = owned_fields(extras);
  const Baggage members = Baggage::parse(header);
  for (const Baggage::Member& member : members.members())
    if (const std::optional<AttributeValue> value = parse_typed(member.value))
      bind_one(merged, member.key, *value);
  store(extras, merged);
}

} // namespace telegen::detail
