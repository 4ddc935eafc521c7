// ExportTraceServiceRequest from decoded spans.
#include "export/attribute_view.hpp"
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

// Span.flags: the W3C trace flags, and whether the parent is remote.
constexpr std::uint32_t context_has_is_remote = 0x100;
constexpr std::uint32_t context_is_remote = 0x200;

template <class Attributes> void write_attributes(ProtoWriter& w, std::uint32_t field,
                                                  const Attributes& attributes) {
  for (auto kv = attributes.rbegin(); kv != attributes.rend(); ++kv)
    write_key_value(w, field, kv->key, attribute_view(kv->value));
}

void write_event(ProtoWriter& w, const SpanEvent& event) {
  const std::size_t end = w.size();
  write_attributes(w, event_attributes, event.attributes);
  w.string_field(event_name, event.name);
  w.fixed64_field(event_time, event.time_unix_nanos);
  w.message_field(span_events, end);
}

void write_link(ProtoWriter& w, const SpanLink& link) {
  const std::size_t end = w.size();
  // Whether the linked context is remote is not known: bits 8-9 stay 0.
  w.fixed32_field(link_flags, link.context.flags);
  write_span_id(w, link_span_id, link.context.span_id);
  write_trace_id(w, link_trace_id, link.context.trace_id);
  w.message_field(span_links, end);
}

void write_span(ProtoWriter& w, const SpanData& span) {
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
    write_event(w, *event);
  if (span.dropped_attributes != 0)
    w.varint_field(span_dropped_attributes, span.dropped_attributes);
  write_attributes(w, span_attributes, span.attributes);
  w.fixed64_field(span_end, span.end_unix_nanos);
  w.fixed64_field(span_start, span.start_unix_nanos);
  w.varint_field(span_kind, static_cast<std::uint64_t>(span.kind));
  w.string_field(span_name, span.name);
  if (span.parent_span_id.valid())
    write_span_id(w, span_parent_span_id, span.parent_span_id);
  if (!span.trace_state.empty())
    w.string_field(span_trace_state, span.trace_state);
  write_span_id(w, span_span_id, span.span_id);
  write_trace_id(w, span_trace_id, span.trace_id);
  w.message_field(scope_spans_spans, end);
}

} // namespace

void encode_traces(ProtoWriter& w, const EncodedOrigin& origin,
                   const std::vector<SpanData>& spans) {
  const std::size_t end = w.size();
  for (auto span = spans.rbegin(); span != spans.rend(); ++span)
    write_span(w, *span);
  w.bytes_field(scope_spans_scope, origin.scope);
  w.message_field(resource_spans_scope_spans, end);
  w.bytes_field(resource_spans_resource, origin.resource);
  w.message_field(request_resource_spans, end);
}

} // namespace telegen::detail
