// What the three signals' requests share: AnyValue, KeyValue, ids, and the
// Resource and InstrumentationScope each exporter encodes once.
#include "export/otlp/otlp_protobuf.hpp"

#include "telegen/version.hpp"

#include <string>

namespace telegen::detail {
namespace {

// common.proto: KeyValue
constexpr std::uint32_t key_value_key = 1, key_value_value = 2;
// common.proto: InstrumentationScope
constexpr std::uint32_t scope_name = 1, scope_version = 2;
// resource.proto: Resource
constexpr std::uint32_t resource_attributes = 1;

} // namespace

void write_any_value(ProtoWriter& w, std::uint32_t field, const AttributeValue& value) {
  ProtoWriter::Run run(w, any_value_room(value));
  write_any_value(run, field, value);
}

void write_key_value(ProtoWriter& w, std::uint32_t field, std::string_view key,
                     const AttributeValue& value) {
  const std::size_t end = w.size();
  write_any_value(w, key_value_value, value);
  w.string_field(key_value_key, key);
  w.message_field(field, end);
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
