#include "trace/span_view.hpp"

#include <string>

namespace telegen::detail {
namespace {

// Sets `out` to `v`, reusing the string `out` may already hold.
void assign(Value& out, const AttributeValue& v) {
  switch (v.type()) {
  case AttributeValue::Type::null:
    out = nullptr;
    return;
  case AttributeValue::Type::boolean:
    out = v.as_bool();
    return;
  case AttributeValue::Type::int64:
    out = v.as_int64();
    return;
  case AttributeValue::Type::float64:
    out = v.as_double();
    return;
  case AttributeValue::Type::uint64:
    out = std::to_string(v.as_uint64());
    return;
  case AttributeValue::Type::string:
    if (auto* s = std::get_if<std::string>(&out))
      s->assign(v.as_string());
    else
      out = std::string(v.as_string());
    return;
  }
}

// Appends to `attributes`, reusing an element beyond `size` when there is one.
void append(std::vector<KeyValue>& attributes, std::size_t& size, std::string_view key,
            const AttributeValue& value) {
  if (size == attributes.size())
    attributes.emplace_back();
  KeyValue& kv = attributes[size++];
  kv.key.assign(key);
  assign(kv.value, value);
}

} // namespace

void to_span_data(const SpanView& span, SpanData& out) {
  out.trace_id = span.trace_id;
  out.span_id = span.span_id;
  out.parent_span_id = span.parent_span_id;
  out.parent_remote = span.parent_remote;
  out.trace_flags = span.trace_flags;
  out.trace_state.assign(span.trace_state);
  out.name = span.name;
  out.kind = span.kind;
  out.start_unix_nanos = span.start_unix_nanos;
  out.end_unix_nanos = span.end_unix_nanos;
  std::size_t size = 0;
  for_each_code_attribute(span, [&](std::string_view key, const AttributeValue& value) {
    append(out.attributes, size, key, value);
  });
  for (const AttributeView& a : span.attributes)
    append(out.attributes, size, a.key, a.value);
  out.attributes.resize(size);
  out.events.resize(span.events.size());
  for (std::size_t i = 0; i < span.events.size(); ++i) {
    const EventView& event = span.events[i];
    SpanEvent& data = out.events[i];
    data.time_unix_nanos = event.time_unix_nanos;
    data.name.assign(event.name);
    std::size_t count = 0;
    for (std::uint32_t j = 0; j < event.attribute_count; ++j) {
      const AttributeView& a = span.event_attributes[event.first_attribute + j];
      append(data.attributes, count, a.key, a.value);
    }
    data.attributes.resize(count);
  }
  out.links.resize(span.links.size());
  for (std::size_t i = 0; i < span.links.size(); ++i)
    out.links[i].context = span.links[i];
  out.status = span.status;
  out.status_message.assign(span.status_message);
  out.dropped_attributes = span.dropped_attributes;
  out.dropped_events = span.dropped_events;
  out.dropped_links = span.dropped_links;
}

void view_of(const SpanData& span, SpanView& out) {
  out.site = nullptr;
  out.trace_id = span.trace_id;
  out.span_id = span.span_id;
  out.parent_span_id = span.parent_span_id;
  out.parent_remote = span.parent_remote;
  out.trace_flags = span.trace_flags;
  out.trace_state = span.trace_state;
  out.name = span.name;
  out.kind = span.kind;
  out.function = {};
  out.file = {};
  out.line = 0;
  out.start_unix_nanos = span.start_unix_nanos;
  out.end_unix_nanos = span.end_unix_nanos;
  out.attributes.clear();
  for (const KeyValue& kv : span.attributes)
    out.attributes.push_back({kv.key, attribute_view(kv.value)});
  out.events.clear();
  out.event_attributes.clear();
  for (const SpanEvent& event : span.events) {
    out.events.push_back({event.time_unix_nanos, event.name,
                          static_cast<std::uint32_t>(out.event_attributes.size()),
                          static_cast<std::uint32_t>(event.attributes.size())});
    for (const KeyValue& kv : event.attributes)
      out.event_attributes.push_back({kv.key, attribute_view(kv.value)});
  }
  out.links.clear();
  for (const SpanLink& link : span.links)
    out.links.push_back(link.context);
  out.status = span.status;
  out.status_message = span.status_message;
  out.dropped_attributes = span.dropped_attributes;
  out.dropped_events = span.dropped_events;
  out.dropped_links = span.dropped_links;
}

} // namespace telegen::detail
