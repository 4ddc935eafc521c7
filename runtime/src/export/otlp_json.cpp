#include "export/otlp_json.hpp"

#include "telegen/version.hpp"
#include "trace/span_view.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace telegen::detail {
namespace {

// OTLP Span.flags: the W3C trace flags, and whether the parent is remote.
constexpr std::uint32_t context_has_is_remote = 0x100;
constexpr std::uint32_t context_is_remote = 0x200;

// The pieces of a Span object, appended as they are: its keys are
// constants, so only the strings the program gave are escaped.
template <typename Id> void append_hex(std::string& out, const Id& id) {
  const std::size_t at = out.size();
  out.resize(at + 2 * sizeof id); // two hex digits a byte
  id.write_hex(out.data() + at);
}

template <typename Integer> void append_decimal(std::string& out, Integer number) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, result.ptr);
}

// `prefix_and_key` (`,"key":`, or nothing for a value alone), then the
// id as a hex string.
template <typename Id>
void append_hex_field(std::string& out, std::string_view prefix_and_key, const Id& id) {
  out += prefix_and_key;
  out += '"';
  append_hex(out, id);
  out += '"';
}

// A fixed64 as proto3 JSON spells it: a decimal string.
void append_nanos_field(std::string& out, std::string_view prefix_and_key, std::uint64_t nanos) {
  out += prefix_and_key;
  out += '"';
  append_decimal(out, nanos);
  out += '"';
}

void append_attributes(std::string& out, const AttributeView* first, std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    if (i != 0)
      out += ',';
    append_otlp_json_key_value(out, first[i].key, first[i].value);
  }
}

void append_span(std::string& out, const SpanView& span) {
  append_hex_field(out, "{\"traceId\":", span.trace_id);
  append_hex_field(out, ",\"spanId\":", span.span_id);
  if (!span.trace_state.empty()) {
    out += ",\"traceState\":";
    append_json_string(out, span.trace_state);
  }
  if (span.parent_span_id.valid())
    append_hex_field(out, ",\"parentSpanId\":", span.parent_span_id);
  out += ",\"flags\":";
  append_decimal(out, std::uint64_t{span.trace_flags | context_has_is_remote |
                                    (span.parent_remote ? context_is_remote : 0u)});
  out += ",\"name\":";
  append_json_string(out, span.name);
  out += ",\"kind\":";
  append_decimal(out, static_cast<std::int64_t>(span.kind));
  append_nanos_field(out, ",\"startTimeUnixNano\":", span.start_unix_nanos);
  append_nanos_field(out, ",\"endTimeUnixNano\":", span.end_unix_nanos);
  out += ",\"attributes\":[";
  bool first = true;
  for_each_code_attribute(span, [&](std::string_view key, const AttributeValue& value) {
    if (!first)
      out += ',';
    first = false;
    append_otlp_json_key_value(out, key, value);
  });
  if (!first && !span.attributes.empty())
    out += ',';
  append_attributes(out, span.attributes.data(), span.attributes.size());
  out += ']';
  if (span.dropped_attributes != 0) {
    out += ",\"droppedAttributesCount\":";
    append_decimal(out, std::uint64_t{span.dropped_attributes});
  }
  if (!span.events.empty()) {
    out += ",\"events\":[";
    for (std::size_t i = 0; i < span.events.size(); ++i) {
      const EventView& event = span.events[i];
      append_nanos_field(out, i == 0 ? "{\"timeUnixNano\":" : ",{\"timeUnixNano\":",
                         event.time_unix_nanos);
      out += ",\"name\":";
      append_json_string(out, event.name);
      out += ",\"attributes\":[";
      append_attributes(out, span.event_attributes.data() + event.first_attribute,
                        event.attribute_count);
      out += "]}";
    }
    out += ']';
  }
  if (span.dropped_events != 0) {
    out += ",\"droppedEventsCount\":";
    append_decimal(out, std::uint64_t{span.dropped_events});
  }
  if (!span.links.empty()) {
    out += ",\"links\":[";
    for (std::size_t i = 0; i < span.links.size(); ++i) {
      const SpanContext& link = span.links[i];
      append_hex_field(out, i == 0 ? "{\"traceId\":" : ",{\"traceId\":", link.trace_id);
      append_hex_field(out, ",\"spanId\":", link.span_id);
      // Whether the linked context is remote is not known: bits 8-9 stay 0.
      out += ",\"flags\":";
      append_decimal(out, std::uint64_t{link.flags});
      out += '}';
    }
    out += ']';
  }
  if (span.dropped_links != 0) {
    out += ",\"droppedLinksCount\":";
    append_decimal(out, std::uint64_t{span.dropped_links});
  }
  out += ",\"status\":{";
  if (!span.status_message.empty()) {
    out += "\"message\":";
    append_json_string(out, span.status_message);
    out += ',';
  }
  out += "\"code\":";
  append_decimal(out, static_cast<std::int64_t>(span.status));
  out += "}}";
}

// A double as proto3 JSON spells it: the non-finite ones as strings.
void append_double(std::string& out, double value) {
  if (std::isnan(value))
    out += "\"NaN\"";
  else if (std::isinf(value))
    out += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  else
    append_json_number(out, value);
}

} // namespace

void append_otlp_json_any_value(std::string& out, const AttributeValue& value) {
  switch (value.type()) {
  case AttributeValue::Type::null:
    out += "{}"; // the AnyValue with no value set
    return;
  case AttributeValue::Type::boolean:
    out += value.as_bool() ? "{\"boolValue\":true}" : "{\"boolValue\":false}";
    return;
  case AttributeValue::Type::int64:
    out += "{\"intValue\":\"";
    append_decimal(out, value.as_int64());
    out += "\"}";
    return;
  case AttributeValue::Type::uint64:
    out += "{\"stringValue\":\"";
    append_decimal(out, value.as_uint64());
    out += "\"}";
    return;
  case AttributeValue::Type::float64:
    out += "{\"doubleValue\":";
    append_double(out, value.as_double());
    out += '}';
    return;
  case AttributeValue::Type::string:
    out += "{\"stringValue\":";
    append_json_string(out, value.as_string());
    out += '}';
    return;
  }
}

void append_otlp_json_key_value(std::string& out, std::string_view key,
                                const AttributeValue& value) {
  out += "{\"key\":";
  append_json_string(out, key);
  out += ",\"value\":";
  append_otlp_json_any_value(out, value);
  out += '}';
}

void write_otlp_json_any_value(JsonWriter& w, const AttributeValue& value) {
  append_otlp_json_any_value(w.next_value(), value);
}

void write_otlp_json_key_value(JsonWriter& w, std::string_view key, const AttributeValue& value) {
  append_otlp_json_key_value(w.next_value(), key, value);
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
  append_double(w.key(key).next_value(), value);
}

void write_otlp_json_nanos(JsonWriter& w, std::string_view key, std::uint64_t nanos) {
  append_nanos_field(w.key(key).next_value(), {}, nanos);
}

void write_otlp_json_hex(JsonWriter& w, std::string_view key, const TraceId& id) {
  append_hex_field(w.key(key).next_value(), {}, id);
}

void write_otlp_json_hex(JsonWriter& w, std::string_view key, const SpanId& id) {
  append_hex_field(w.key(key).next_value(), {}, id);
}

void append_otlp_json_span(std::string& out, const SpanView& span) { append_span(out, span); }

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
