// What the three signals' requests share: AnyValue, KeyValue, ids, and the
// Resource and InstrumentationScope each exporter encodes once.
#include "export/otlp/otlp_protobuf.hpp"

#include "telegen/version.hpp"

#include <string>

namespace telegen::detail {
namespace {

// common.proto: AnyValue
constexpr std::uint32_t any_string = 1, any_bool = 2, any_int = 3, any_double = 4;
// common.proto: KeyValue
constexpr std::uint32_t key_value_key = 1, key_value_value = 2;
// common.proto: InstrumentationScope
constexpr std::uint32_t scope_name = 1, scope_version = 2;
// resource.proto: Resource
constexpr std::uint32_t resource_attributes = 1;

} // namespace

void write_any_value(ProtoWriter& w, std::uint32_t field, const AttributeValue& value) {
  const std::size_t end = w.size();
  switch (value.type()) {
  case AttributeValue::Type::null:
    break; // the AnyValue with no value set
  case AttributeValue::Type::boolean:
    w.bool_field(any_bool, value.as_bool());
    break;
  case AttributeValue::Type::int64:
    w.varint_field(any_int, static_cast<std::uint64_t>(value.as_int64()));
    break;
  case AttributeValue::Type::uint64:
    w.string_field(any_string, std::to_string(value.as_uint64()));
    break;
  case AttributeValue::Type::float64:
    w.double_field(any_double, value.as_double());
    break;
  case AttributeValue::Type::string:
    w.string_field(any_string, value.as_string());
    break;
  }
  w.message_field(field, end);
}

void write_key_value(ProtoWriter& w, std::uint32_t field, std::string_view key,
                     const AttributeValue& value) {
  const std::size_t end = w.size();
  write_any_value(w, key_value_value, value);
  w.string_field(key_value_key, key);
  w.message_field(field, end);
}

void write_trace_id(ProtoWriter& w, std::uint32_t field, const TraceId& id) {
  // The 16 bytes in the order the hex form spells them.
  const std::uint64_t bytes[2] = {__builtin_bswap64(id.hi), __builtin_bswap64(id.lo)};
  w.bytes_field(field, {reinterpret_cast<const char*>(bytes), sizeof bytes});
}

void write_span_id(ProtoWriter& w, std::uint32_t field, const SpanId& id) {
  const std::uint64_t bytes = __builtin_bswap64(id.value);
  w.bytes_field(field, {reinterpret_cast<const char*>(&bytes), sizeof bytes});
}

EncodedOrigin encode_origin(const Resource& resource) {
  EncodedOrigin origin;
  ProtoWriter w;
  for (auto kv = resource.attributes.rbegin(); kv != resource.attributes.rend(); ++kv)
    write_key_value(w, resource_attributes, kv->first, std::string_view(kv->second));
  origin.resource.assign(w.view());
  w.clear();
  w.string_field(scope_version, TELEGEN_VERSION_STRING);
  w.string_field(scope_name, "telegen");
  origin.scope.assign(w.view());
  return origin;
}

} // namespace telegen::detail
