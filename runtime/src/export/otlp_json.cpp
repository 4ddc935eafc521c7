#include "export/otlp_json.hpp"

#include "core/json_writer.hpp"
#include "telegen/version.hpp"

#include <cmath>
#include <string>

namespace telegen::detail {
namespace {

// OTLP Span.flags: the W3C trace flags, and whether the parent is remote.
constexpr std::uint32_t context_has_is_remote = 0x100;
constexpr std::uint32_t context_is_remote = 0x200;

void write_any_value(JsonWriter& w, const Value& value) {
  w.begin_object();
  if (const auto* s = std::get_if<std::string>(&value)) {
    w.key("stringValue").value(std::string_view(*s));
  } else if (const auto* b = std::get_if<bool>(&value)) {
    w.key("boolValue").value(*b);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    w.key("intValue").value(std::string_view(std::to_string(*i)));
  } else if (const auto* d = std::get_if<double>(&value)) {
    // proto3 JSON spells the non-finite doubles as strings.
    if (std::isnan(*d))
      w.key("doubleValue").value("NaN");
    else if (std::isinf(*d))
      w.key("doubleValue").value(*d > 0 ? "Infinity" : "-Infinity");
    else
      w.key("doubleValue").value(*d);
  }
  // A null is the AnyValue with no value set.
  w.end_object();
}

void write_attributes(JsonWriter& w, const std::vector<KeyValue>& attributes) {
  w.key("attributes").begin_array();
  for (const KeyValue& kv : attributes) {
    w.begin_object().key("key").value(std::string_view(kv.key)).key("value");
    write_any_value(w, kv.value);
    w.end_object();
  }
  w.end_array();
}

void write_hex(JsonWriter& w, std::string_view key, const TraceId& id) {
  char hex[32];
  id.write_hex(hex);
  w.key(key).value(std::string_view(hex, sizeof hex));
}

void write_hex(JsonWriter& w, std::string_view key, const SpanId& id) {
  char hex[16];
  id.write_hex(hex);
  w.key(key).value(std::string_view(hex, sizeof hex));
}

void write_nanos(JsonWriter& w, std::string_view key, std::uint64_t nanos) {
  w.key(key).value(std::string_view(std::to_string(nanos)));
}

void write_span(JsonWriter& w, const SpanData& span) {
  w.begin_object();
  write_hex(w, "traceId", span.trace_id);
  write_hex(w, "spanId", span.span_id);
  if (!span.trace_state.empty())
    w.key("traceState").value(std::string_view(span.trace_state));
  if (span.parent_span_id.valid())
    write_hex(w, "parentSpanId", span.parent_span_id);
  w.key("flags").value(std::uint64_t{span.trace_flags | context_has_is_remote |
                                     (span.parent_remote ? context_is_remote : 0u)});
  w.key("name").value(span.name);
  w.key("kind").value(static_cast<std::int64_t>(span.kind));
  write_nanos(w, "startTimeUnixNano", span.start_unix_nanos);
  write_nanos(w, "endTimeUnixNano", span.end_unix_nanos);
  write_attributes(w, span.attributes);
  if (span.dropped_attributes != 0)
    w.key("droppedAttributesCount").value(std::uint64_t{span.dropped_attributes});
  if (!span.events.empty()) {
    w.key("events").begin_array();
    for (const SpanEvent& event : span.events) {
      w.begin_object();
      write_nanos(w, "timeUnixNano", event.time_unix_nanos);
      w.key("name").value(std::string_view(event.name));
      write_attributes(w, event.attributes);
      w.end_object();
    }
    w.end_array();
  }
  if (span.dropped_events != 0)
    w.key("droppedEventsCount").value(std::uint64_t{span.dropped_events});
  if (!span.links.empty()) {
    w.key("links").begin_array();
    for (const SpanLink& link : span.links) {
      w.begin_object();
      write_hex(w, "traceId", link.context.trace_id);
      write_hex(w, "spanId", link.context.span_id);
      // Whether the linked context is remote is not known: bits 8-9 stay 0.
      w.key("flags").value(std::uint64_t{link.context.flags});
      w.end_object();
    }
    w.end_array();
  }
  if (span.dropped_links != 0)
    w.key("droppedLinksCount").value(std::uint64_t{span.dropped_links});
  w.key("status").begin_object();
  if (!span.status_message.empty())
    w.key("message").value(std::string_view(span.status_message));
  w.key("code").value(static_cast<std::int64_t>(span.status));
  w.end_object();
  w.end_object();
}

} // namespace

void append_otlp_json(std::string& out, const Resource& resource,
                      const std::vector<SpanData>& spans) {
  JsonWriter w(out);
  w.begin_object().key("resourceSpans").begin_array().begin_object();
  w.key("resource").begin_object().key("attributes").begin_array();
  for (const auto& [key, value] : resource.attributes) {
    w.begin_object().key("key").value(std::string_view(key));
    w.key("value").begin_object().key("stringValue").value(std::string_view(value)).end_object();
    w.end_object();
  }
  w.end_array().end_object();
  w.key("scopeSpans").begin_array().begin_object();
  w.key("scope")
      .begin_object()
      .key("name")
      .value("telegen")
      .key("version")
      .value(TELEGEN_VERSION_STRING)
      .end_object();
  w.key("spans").begin_array();
  for (const SpanData& span : spans)
    write_span(w, span);
  w.end_array();
  w.end_object().end_array();
  w.end_object().end_array().end_object();
}

} // namespace telegen::detail
