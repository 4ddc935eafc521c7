#include "export/otlp_json.hpp"

#include "telegen/version.hpp"
#include "trace/span_view.hpp"

#include <cmath>
#include <string>

namespace telegen::detail {
namespace {

// OTLP Span.flags: the W3C trace flags, and whether the parent is remote.
constexpr std::uint32_t context_has_is_remote = 0x100;
constexpr std::uint32_t context_is_remote = 0x200;

void write_span(JsonWriter& w, const SpanView& span) {
  w.begin_object();
  write_otlp_json_hex(w, "traceId", span.trace_id);
  write_otlp_json_hex(w, "spanId", span.span_id);
  if (!span.trace_state.empty())
    w.key("traceState").value(span.trace_state);
  if (span.parent_span_id.valid())
    write_otlp_json_hex(w, "parentSpanId", span.parent_span_id);
  w.key("flags").value(std::uint64_t{span.trace_flags | context_has_is_remote |
                                     (span.parent_remote ? context_is_remote : 0u)});
  w.key("name").value(span.name);
  w.key("kind").value(static_cast<std::int64_t>(span.kind));
  write_otlp_json_nanos(w, "startTimeUnixNano", span.start_unix_nanos);
  write_otlp_json_nanos(w, "endTimeUnixNano", span.end_unix_nanos);
  w.key("attributes").begin_array();
  for_each_code_attribute(span, [&](std::string_view key, const AttributeValue& value) {
    write_otlp_json_key_value(w, key, value);
  });
  for (const AttributeView& a : span.attributes)
    write_otlp_json_key_value(w, a.key, a.value);
  w.end_array();
  if (span.dropped_attributes != 0)
    w.key("droppedAttributesCount").value(std::uint64_t{span.dropped_attributes});
  if (!span.events.empty()) {
    w.key("events").begin_array();
    for (const EventView& event : span.events) {
      w.begin_object();
      write_otlp_json_nanos(w, "timeUnixNano", event.time_unix_nanos);
      w.key("name").value(event.name);
      w.key("attributes").begin_array();
      for (std::uint32_t i = 0; i < event.attribute_count; ++i) {
        const AttributeView& a = span.event_attributes[event.first_attribute + i];
        write_otlp_json_key_value(w, a.key, a.value);
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
  }
  if (span.dropped_events != 0)
    w.key("droppedEventsCount").value(std::uint64_t{span.dropped_events});
  if (!span.links.empty()) {
    w.key("links").begin_array();
    for (const SpanContext& link : span.links) {
      w.begin_object();
      write_otlp_json_hex(w, "traceId", link.trace_id);
      write_otlp_json_hex(w, "spanId", link.span_id);
      // Whether the linked context is remote is not known: bits 8-9 stay 0.
      w.key("flags").value(std::uint64_t{link.flags});
      w.end_object();
    }
    w.end_array();
  }
  if (span.dropped_links != 0)
    w.key("droppedLinksCount").value(std::uint64_t{span.dropped_links});
  w.key("status").begin_object();
  if (!span.status_message.empty())
    w.key("message").value(span.status_message);
  w.key("code").value(static_cast<std::int64_t>(span.status));
  w.end_object();
  w.end_object();
}

} // namespace

void write_otlp_json_any_value(JsonWriter& w, const AttributeValue& value) {
  w.begin_object();
  switch (value.type()) {
  case AttributeValue::Type::null:
    break; // the AnyValue with no value set
  case AttributeValue::Type::boolean:
    w.key("boolValue").value(value.as_bool());
    break;
  case AttributeValue::Type::int64:
    w.key("intValue").value(std::string_view(std::to_string(value.as_int64())));
    break;
  case AttributeValue::Type::uint64:
    w.key("stringValue").value(std::string_view(std::to_string(value.as_uint64())));
    break;
  case AttributeValue::Type::float64:
    write_otlp_json_double(w, "doubleValue", value.as_double());
    break;
  case AttributeValue::Type::string:
    w.key("stringValue").value(value.as_string());
    break;
  }
  w.end_object();
}

void write_otlp_json_key_value(JsonWriter& w, std::string_view key, const AttributeValue& value) {
  w.begin_object().key("key").value(key).key("value");
  write_otlp_json_any_value(w, value);
  w.end_object();
}

void write_otlp_json_resource(JsonWriter& w, const Resource& resource) {
  w.key("resource").begin_object().key("attributes").begin_array();
  for (const auto& [key, value] : resource.attributes)
    write_otlp_json_key_value(w, key, std::string_view(value));
  w.end_array().end_object();
}

void write_otlp_json_scope(JsonWriter& w, std::string_view name, std::string_view version) {
  w.key("scope").begin_object().key("name").value(name);
  if (!version.empty())
    w.key("version").value(version);
  w.end_object();
}

void write_otlp_json_double(JsonWriter& w, std::string_view key, double value) {
  if (std::isnan(value))
    w.key(key).value("NaN");
  else if (std::isinf(value))
    w.key(key).value(value > 0 ? "Infinity" : "-Infinity");
  else
    w.key(key).value(value);
}

void write_otlp_json_nanos(JsonWriter& w, std::string_view key, std::uint64_t nanos) {
  w.key(key).value(std::string_view(std::to_string(nanos)));
}

void write_otlp_json_hex(JsonWriter& w, std::string_view key, const TraceId& id) {
  char hex[32];
  id.write_hex(hex);
  w.key(key).value(std::string_view(hex, sizeof hex));
}

void write_otlp_json_hex(JsonWriter& w, std::string_view key, const SpanId& id) {
  char hex[16];
  id.write_hex(hex);
  w.key(key).value(std::string_view(hex, sizeof hex));
}

void append_otlp_json_span(std::string& out, const SpanView& span) {
  JsonWriter w(out);
  write_span(w, span);
}

void append_otlp_json_traces(std::string& out, const Resource& resource, std::string_view spans) {
  JsonWriter w(out);
  w.begin_object().key("resourceSpans").begin_array().begin_object();
  write_otlp_json_resource(w, resource);
  w.key("scopeSpans").begin_array().begin_object();
  write_otlp_json_scope(w, "telegen", TELEGEN_VERSION_STRING);
  w.key("spans").begin_array().raw(spans).end_array();
  w.end_object().end_array();
  w.end_object().end_array().end_object();
}

void append_otlp_json(std::string& out, const Resource& resource,
                      const std::vector<SpanData>& spans) {
  OtlpJsonSpanBatch batch;
  SpanView view;
  for (const SpanData& span : spans) {
    view_of(span, view);
    batch.add(view);
  }
  batch.finish(out, resource);
}

} // namespace telegen::detail
