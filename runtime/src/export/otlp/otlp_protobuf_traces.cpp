// ExportTraceServiceRequest from span views, and straight from the queued
// records of spans that hold only their site's attributes and a status
// message (no SpanView between).
#include "export/otlp/otlp_protobuf.hpp"

#include "core/codec.hpp"
#include "trace/span_decoder.hpp"
#include "trace/span_record.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>

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

constexpr std::size_t overhead = ProtoWriter::field_overhead;
// The fewest bytes an attribute takes in a record: its item, index and
// value type.
constexpr std::size_t min_attribute_bytes = 4;

// A Span's fields but its attributes, events and links come in three runs,
// written back to front: the tail (flags, status, dropped counts) first,
// then the repeated fields, then the times and what the site shares, then
// the ids, which close the Span. Their writers are always inlined, so that
// add_record()'s Run stays in registers (see Run::string_field).
std::size_t tail_room(const SpanView& span) {
  return 3 * span.status_message.size() + 7 * overhead;
}

// Returns where the Span ends.
[[gnu::always_inline]] inline std::size_t write_tail(ProtoWriter::Run& run, const SpanView& span) {
  const std::size_t end = run.size();
  run.fixed32_field(span_flags, std::uint32_t{span.trace_flags} | context_has_is_remote |
                                    (span.parent_remote ? context_is_remote : 0u));
  const std::size_t status_end = run.size();
  if (span.status != StatusCode::unset)
    run.varint_field(status_code, static_cast<std::uint64_t>(span.status));
  if (!span.status_message.empty())
    run.string_field(status_message, span.status_message);
  run.message_field(span_status, status_end);
  if (span.dropped_links != 0)
    run.varint_field(span_dropped_links, span.dropped_links);
  if (span.dropped_events != 0)
    run.varint_field(span_dropped_events, span.dropped_events);
  if (span.dropped_attributes != 0)
    run.varint_field(span_dropped_attributes, span.dropped_attributes);
  return end;
}

constexpr std::size_t times_room = 2 * (8 + overhead);

[[gnu::always_inline]] inline void write_times(ProtoWriter::Run& run, const SpanView& span) {
  run.fixed64_field(span_end, span.end_unix_nanos);
  run.fixed64_field(span_start, span.start_unix_nanos);
}

std::size_t ids_room(const SpanView& span) {
  return 3 * span.trace_state.size() + 2 * (8 + overhead) + (16 + overhead) + 2 * overhead;
}

[[gnu::always_inline]] inline void write_ids(ProtoWriter::Run& run, const SpanView& span,
                                             std::size_t end) {
  if (span.parent_span_id.valid())
    write_span_id(run, span_parent_span_id, span.parent_span_id);
  if (!span.trace_state.empty())
    run.string_field(span_trace_state, span.trace_state);
  write_span_id(run, span_span_id, span.span_id);
  write_trace_id(run, span_trace_id, span.trace_id);
  run.message_field(scope_spans_spans, end);
}

// A span attribute whose KeyValue.key field is encoded already.
std::size_t site_attribute_room(const std::string& key, const AttributeValue& value) {
  return any_value_room(value) + key.size() + overhead;
}

[[gnu::always_inline]] inline void
write_site_attribute(ProtoWriter::Run& run, const std::string& key, const AttributeValue& value) {
  const std::size_t end = run.size();
  write_any_value(run, key_value_value, value);
  run.raw(key);
  run.message_field(span_attributes, end);
}

// Forward writing, for add_record()'s one pass over a record's attributes:
// each KeyValue's length is known from its value before its bytes are
// written, so the attributes are written in the order they are read.
[[gnu::always_inline]] inline std::size_t varint_size(std::uint64_t value) {
  if (value < 0x80) // most lengths
    return 1;
  return 1 + static_cast<std::size_t>(63 - __builtin_clzll(value)) / 7;
}

[[gnu::always_inline]] inline char* put_varint(char* out, std::uint64_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char>(value | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<char>(value);
  return out;
}

// Wire bytes of Span.attributes (9), KeyValue.value (2) and the AnyValue
// fields: string_value (1), bool_value (2), int_value (3), double_value (4).
constexpr char attribute_tag = 0x4a, value_tag = 0x12;
constexpr char any_string_tag = 0x0a, any_bool_tag = 0x10, any_int_tag = 0x18,
               any_double_tag = 0x21;

[[gnu::always_inline]] inline char* put_bytes(char* out, const char* bytes, std::size_t n) {
  ProtoWriter::Run::copy_bytes(out, bytes, n);
  return out + n;
}

// A Span.attributes field up to its AnyValue's bytes: the site's encoded
// key, and the AnyValue's tag and length, `any_size`.
[[gnu::always_inline]] inline char* put_attribute_head(char* out, std::string_view key,
                                                       std::size_t any_size) {
  const std::size_t key_value_size = key.size() + 1 + varint_size(any_size) + any_size;
  *out++ = attribute_tag;
  out = put_varint(out, key_value_size);
  out = put_bytes(out, key.data(), key.size());
  *out++ = value_tag;
  return put_varint(out, any_size);
}

[[gnu::always_inline]] inline char* put_string_attribute(char* out, std::string_view key,
                                                         const char* text, std::size_t n) {
  out = put_attribute_head(out, key, 1 + varint_size(n) + n);
  *out++ = any_string_tag;
  out = put_varint(out, n);
  return put_bytes(out, text, n);
}

// Reads the value at `r` (as Reader::get_value does) and writes the
// attribute `key` holds it as, or the redacted value for a secret key.
// Returns null, having read the value, for what only the two-pass way
// writes: a string that is not UTF-8 (its bytes change) and an unsigned
// value above INT64_MAX (a decimal string).
[[gnu::always_inline]] inline char* put_record_attribute(char* out, Reader& r, std::string_view key,
                                                         bool sensitive) {
  if (sensitive) {
    AttributeValue skipped;
    r.get_value(skipped);
    return put_string_attribute(out, key, redacted_value.data(), redacted_value.size());
  }
  const auto type = static_cast<AttributeValue::Type>(r.get<std::uint8_t>());
  switch (type) {
  case AttributeValue::Type::null:
    return put_attribute_head(out, key, 0);
  case AttributeValue::Type::boolean: {
    const auto b = r.get<std::uint8_t>();
    out = put_attribute_head(out, key, 2);
    out[0] = any_bool_tag;
    out[1] = static_cast<char>(b != 0);
    return out + 2;
  }
  case AttributeValue::Type::int64: {
    const auto bits = r.get<std::uint64_t>();
    out = put_attribute_head(out, key, 1 + varint_size(bits));
    *out++ = any_int_tag;
    return put_varint(out, bits);
  }
  case AttributeValue::Type::float64: {
    const auto bits = r.get<std::uint64_t>();
    out = put_attribute_head(out, key, 9);
    *out = any_double_tag;
    std::memcpy(out + 1, &bits, 8);
    return out + 9;
  }
  case AttributeValue::Type::string: {
    const std::string_view text = r.get_bytes(r.get<std::uint32_t>());
    if (!ProtoWriter::Run::is_ascii(text) && !is_valid_utf8(text))
      return nullptr;
    return put_string_attribute(out, key, text.data(), text.size());
  }
  case AttributeValue::Type::uint64:
    r.get<std::uint64_t>();
    return nullptr;
  }
  return nullptr; // a type no record holds: left to the two-pass way, as get_value reads it
}

} // namespace

const TraceEncoder::Site& TraceEncoder::remember(const SpanSite& span_site) {
  auto [it, inserted] = sites_.try_emplace(&span_site);
  if (inserted) {
    Site& added = it->second;
    ProtoWriter w;
    SpanView shared;
    shared.name = span_site.name;
    shared.kind = span_site.kind;
    shared.function = span_site.function;
    shared.file = span_site.file;
    shared.line = span_site.line;
    write_shared(w, shared);
    added.shared.assign(w.view());
    const KeyList& keys = span_site.attribute_keys;
    // The decoder tracks the first 64 keys by index, and merges a key
    // given twice by its name.
    added.from_records = keys.size <= 64;
    for (std::size_t i = 0; i < keys.size; ++i) {
      w.clear();
      w.string_field(key_value_key, keys[i]);
      added.keys.emplace_back(w.view());
      added.longest_key = std::max(added.longest_key, w.size());
      if (i < 64 && is_sensitive_key(keys[i]))
        added.sensitive |= std::uint64_t{1} << i;
      for (std::size_t j = 0; j < i; ++j)
        added.from_records &= keys[j] != keys[i];
    }
  }
  last_site_ = &span_site;
  last_ = &it->second;
  return *last_;
}

void TraceEncoder::write_attribute(ProtoWriter& w, const AttributeView& attribute,
                                   const Site* site) {
  if (site == nullptr || attribute.site_index < 0) {
    write_key_value(w, span_attributes, attribute.key, attribute.value);
    return;
  }
  const std::string& key = site->keys[static_cast<std::size_t>(attribute.site_index)];
  ProtoWriter::Run run(w, site_attribute_room(key, attribute.value));
  write_site_attribute(run, key, attribute.value);
}

void TraceEncoder::add_span(ProtoWriter& w, const SpanView& span) {
  const Site* shared = span.site != nullptr ? &site(*span.site) : nullptr;
  std::size_t end;
  {
    ProtoWriter::Run run(w, tail_room(span));
    end = write_tail(run, span);
  }
  for (auto link = span.links.rbegin(); link != span.links.rend(); ++link)
    write_link(w, *link);
  for (auto event = span.events.rbegin(); event != span.events.rend(); ++event)
    write_event(w, span, *event);
  for (auto a = span.attributes.rbegin(); a != span.attributes.rend(); ++a)
    write_attribute(w, *a, shared);
  {
    ProtoWriter::Run run(w, times_room + (shared != nullptr ? shared->shared.size() : 0));
    write_times(run, span);
    if (shared != nullptr)
      run.raw(shared->shared);
  }
  if (shared == nullptr)
    write_shared(w, span);
  ProtoWriter::Run run(w, ids_room(span));
  write_ids(run, span, end);
}

bool TraceEncoder::add_record(ProtoWriter& w, const std::byte* record, std::size_t size,
                              const TickConverter& clock) {
  SpanRecordHeader h;
  std::memcpy(&h, record, sizeof h);
  const Site& shared = site(*h.site);
  if (!shared.from_records)
    return false;
  Reader r(record + sizeof h, record + size);
  record_.trace_state = r.get_bytes(h.trace_state_bytes);
  record_.status_message = {};
  // While no key comes twice and every value is written as it was
  // recorded, the attributes are written forward into scratch_ as they are
  // read, in one pass. Otherwise each key's latest value is found first
  // (the keys in the order they were first set, as the decoder keeps
  // them) and written after. Nothing goes into `w` before the whole record
  // is read and known to fit.
  const std::size_t most_attributes = size / min_attribute_bytes + 1;
  const std::size_t scratch_room = most_attributes * (shared.longest_key + 3 * overhead) + 3 * size;
  if (scratch_size_ < scratch_room) {
    scratch_ = std::make_unique<char[]>(scratch_room);
    scratch_size_ = scratch_room;
  }
  char* const scratch = scratch_.get();
  char* out = scratch;
  const std::byte* values[64];
  std::uint8_t order[64];
  std::size_t count = 0;
  std::uint64_t seen = 0;
  while (!r.at_end()) {
    switch (r.get<SpanItem>()) {
    case SpanItem::indexed_attribute: {
      const auto index = r.get<std::uint16_t>(); // < the site's keys, so < 64
      const std::uint64_t bit = std::uint64_t{1} << index;
      if ((seen & bit) == 0)
        order[count++] = static_cast<std::uint8_t>(index);
      else
        out = nullptr; // a key set again: its first place, its last value
      seen |= bit;
      values[index] = r.position();
      if (out != nullptr) {
        out =
            put_record_attribute(out, r, shared.keys[index], (shared.sensitive >> index & 1) != 0);
        assert((out == nullptr || out <= scratch + scratch_room) &&
               "add_record() wrote past the scratch room it worked out");
      } else {
        AttributeValue skipped;
        r.get_value(skipped);
      }
      break;
    }
    case SpanItem::status_message:
      record_.status_message = r.get_bytes(r.get<std::uint32_t>());
      break;
    default:
      return false;
    }
  }

  SpanDecoder::set_header_fields(h, clock, record_);
  // One check for room: a value, the status message and the trace state
  // take at most three times their bytes in the record.
  ProtoWriter::Run run(w, tail_room(record_) + count * (shared.longest_key + 3 * overhead) +
                              3 * size + times_room + shared.shared.size() + ids_room(record_));
  const std::size_t end = write_tail(run, record_);
  if (out != nullptr) {
    run.raw({scratch, static_cast<std::size_t>(out - scratch)});
  } else {
    const AttributeValue redacted(redacted_value);
    for (std::size_t i = count; i-- > 0;) {
      const std::size_t index = order[i];
      AttributeValue value;
      Reader(values[index], record + size).get_value(value);
      const bool sensitive = (shared.sensitive >> index & 1) != 0;
      write_site_attribute(run, shared.keys[index], sensitive ? redacted : value);
    }
  }
  write_times(run, record_);
  run.raw(shared.shared);
  write_ids(run, record_, end);
  return true;
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
