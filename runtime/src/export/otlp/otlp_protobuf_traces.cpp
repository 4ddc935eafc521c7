// ExportTraceServiceRequest from span views, written straight from the
// decoded record.
#include "export/otlp/otlp_protobuf.hpp"

namespace telegen::detail {
namespace {

// trace.proto
constexpr std::uint32_t request_resource_spans = 1;
constexpr std::uint32_t resource_spans_resource = 1, resource_spans_scope_spans = 2;
constexpr std::uint32_t scope_spans_scope = 1, scope_spans_spans = 2;
constexpr std::uint32_t span_trace_id = 1, span_span_id = 2, span_trace_state = 3,
                        span_parent_span_id = 4, span_name = 5, span_kind = 6, span_start = 7,
                        span_end = 8, span_attributes = 9, span_dropped_attributes = 10,
                        span_events = 11, span_dropped_events = 12, span_links = 13,
                        span_dropped_links = 14, span_status = 15, span_flags = 16;
constexpr std::uint32_t event_time = 1, event_name = 2, event_attributes = 3;
constexpr std::uint32_t link_trace_id = 1, link_span_id = 2, link_flags = 6;
constexpr std::uint32_t status_message = 2, status_code = 3;
// common.proto: KeyValue
constexpr std::uint32_t key_value_key = 1, key_value_value = 2;

// Span.flags: the W3C trace flags, and whether the parent is remote.
constexpr std::uint32_t context_has_is_remote = 0x100;
constexpr std::uint32_t context_is_remote = 0x200;

// The fields a span's name, kind and code location become, as they come
// after the ids and before the times: name, kind, then the code.*
// attributes (fields out of number order are valid protobuf; the
// attributes keep their order).
void write_shared(ProtoWriter& w, const SpanView& span) {
  // for_each_code_attribute's order, back to front.
  if (span.line != 0)
    write_key_value(w, span_attributes, code_line_key, span.line);
  if (!span.file.empty())
    write_key_value(w, span_attributes, code_file_key, span.file);
  if (!span.function.empty())
    write_key_value(w, span_attributes, code_function_key, span.function);
  w.varint_field(span_kind, static_cast<std::uint64_t>(span.kind));
  w.string_field(span_name, span.name);
}

void write_event(ProtoWriter& w, const SpanView& span, const EventView& event) {
  const std::size_t end = w.size();
  for (std::uint32_t i = event.attribute_count; i-- > 0;) {
    const AttributeView& a = span.event_attributes[event.first_attribute + i];
    write_key_value(w, event_attributes, a.key, a.value);
  }
  w.string_field(event_name, event.name);
  w.fixed64_field(event_time, event.time_unix_nanos);
  w.message_field(span_events, end);
}

void write_link(ProtoWriter& w, const SpanContext& link) {
  const std::size_t end = w.size();
  // Whether the linked context is remote is not known: bits 8-9 stay 0.
  w.fixed32_field(link_flags, link.flags);
  write_span_id(w, link_span_id, link.span_id);
  write_trace_id(w, link_trace_id, link.trace_id);
  w.message_field(span_links, end);
}

} // namespace

const TraceEncoder::Site& TraceEncoder::site(const SpanSite& span_site) {
  if (&span_site == last_site_)
    return *last_;
  auto [it, inserted] = sites_.try_emplace(&span_site);
  if (inserted) {
    ProtoWriter w;
    SpanView shared;
    shared.name = span_site.name;
    shared.kind = span_site.kind;
    shared.function = span_site.function;
    shared.file = span_site.file;
    shared.line = span_site.line;
    write_shared(w, shared);
    it->second.shared.assign(w.view());
    for (std::size_t i = 0; i < span_site.attribute_keys.size; ++i) {
      w.clear();
      w.string_field(key_value_key, span_site.attribute_keys[i]);
      it->second.keys.emplace_back(w.view());
    }
  }
  last_site_ = &span_site;
  last_ = &it->second;
  return *last_;
}

void TraceEncoder::write_attribute(ProtoWriter& w, std::uint32_t field,
                                   const AttributeView& attribute, const Site* site) {
  if (site == nullptr || attribute.site_index < 0) {
    write_key_value(w, field, attribute.key, attribute.value);
    return;
  }
  const std::size_t end = w.size();
  write_any_value(w, key_value_value, attribute.value);
  w.raw(site->keys[static_cast<std::size_t>(attribute.site_index)]);
  w.message_field(field, end);
}

void TraceEncoder::add_span(ProtoWriter& w, const SpanView& span) {
  const Site* shared = span.site != nullptr ? &site(*span.site) : nullptr;
  const std::size_t end = w.size();
  w.fixed32_field(span_flags, std::uint32_t{span.trace_flags} | context_has_is_remote |
                                  (span.parent_remote ? context_is_remote : 0u));
  const std::size_t status_end = w.size();
  if (span.status != StatusCode::unset)
    w.varint_field(status_code, static_cast<std::uint64_t>(span.status));
  if (!span.status_message.empty())
    w.string_field(status_message, span.status_message);
  w.message_field(span_status, status_end);
  if (span.dropped_links != 0)
    w.varint_field(span_dropped_links, span.dropped_links);
  for (auto link = span.links.rbegin(); link != span.links.rend(); ++link)
    write_link(w, *link);
  if (span.dropped_events != 0)
    w.varint_field(span_dropped_events, span.dropped_events);
  for (auto event = span.events.rbegin(); event != span.events.rend(); ++event)
    write_event(w, span, *event);
  if (span.dropped_attributes != 0)
    w.varint_field(span_dropped_attributes, span.dropped_attributes);
  for (auto a = span.attributes.rbegin(); a != span.attributes.rend(); ++a)
    write_attribute(w, span_attributes, *a, shared);
  w.fixed64_field(span_end, span.end_unix_nanos);
  w.fixed64_field(span_start, span.start_unix_nanos);
  if (shared != nullptr)
    w.raw(shared->shared);
  else
    write_shared(w, span);
  if (span.parent_span_id.valid())
    write_span_id(w, span_parent_span_id, span.parent_span_id);
  if (!span.trace_state.empty())
    w.string_field(span_trace_state, span.trace_state);
  write_span_id(w, span_span_id, span.span_id);
  write_trace_id(w, span_trace_id, span.trace_id);
  w.message_field(scope_spans_spans, end);
}

void TraceEncoder::finish_traces(ProtoWriter& w, const EncodedOrigin& origin) {
  w.bytes_field(scope_spans_scope, origin.scope);
  w.message_field(resource_spans_scope_spans, 0);
  w.bytes_field(resource_spans_resource, origin.resource);
  w.message_field(request_resource_spans, 0);
}

void encode_traces(ProtoWriter& w, const EncodedOrigin& origin,
                   const std::vector<SpanData>& spans) {
  TraceEncoder encoder;
  SpanView view;
  for (auto span = spans.rbegin(); span != spans.rend(); ++span) {
    view_of(*span, view);
    encoder.add_span(w, view);
  }
  encoder.finish_traces(w, origin);
}

} // namespace telegen::detail
