// A finished span decoded in place: views into its record, its static call
// site and the decoder's own strings, valid until the next decode. The
// exporters that encode straight from records (OTLP) read it, and SpanData
// for every other exporter is made from it, so a span is decoded in one
// place and copied only when an exporter needs owned data.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/exporter.hpp"
#include "telegen/span.hpp"
#include "telegen/span_context.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace telegen::detail {

struct AttributeView {
  std::string_view key;
  AttributeValue value;
  // Its position in the site's attribute_keys, or -1 for a key given at
  // run time: lets an encoder reuse what it made of the site's key.
  std::int32_t site_index = -1;
};

struct EventView {
  std::uint64_t time_unix_nanos = 0;
  std::string_view name;
  std::uint32_t first_attribute = 0; // into SpanView::event_attributes
  std::uint32_t attribute_count = 0;
};

// Attribute keys are unique (the last value set wins) and values of
// sensitive keys redacted.
struct SpanView {
  // The call site whose name, kind and code location these are, or null:
  // a view of a SpanData, or a span whose attributes override a code.* key.
  // Lets an encoder reuse what it made of the site.
  const SpanSite* site = nullptr;
  TraceId trace_id;
  SpanId span_id;
  SpanId parent_span_id; // invalid for a root
  bool parent_remote = false;
  std::uint8_t trace_flags = 0;
  std::string_view trace_state;
  std::string_view name;
  SpanKind kind = SpanKind::internal;
  // The code location, exported first among the attributes as
  // code.function.name, code.file.path and code.line.number; empty and 0
  // when unknown (in a view of a SpanData they are among `attributes`).
  std::string_view function;
  std::string_view file;
  std::uint32_t line = 0;
  std::uint64_t start_unix_nanos = 0;
  std::uint64_t end_unix_nanos = 0;
  std::vector<AttributeView> attributes;
  std::vector<EventView> events;
  std::vector<AttributeView> event_attributes;
  std::vector<SpanContext> links;
  StatusCode status = StatusCode::unset;
  std::string_view status_message;
  std::uint32_t dropped_attributes = 0;
  std::uint32_t dropped_events = 0;
  std::uint32_t dropped_links = 0;
};

// The attribute keys of the code location.
inline constexpr std::string_view code_function_key = "code.function.name";
inline constexpr std::string_view code_file_key = "code.file.path";
inline constexpr std::string_view code_line_key = "code.line.number";

// Calls visit(key, AttributeValue) for the code location's attributes that
// are known, in order.
template <class Visit> void for_each_code_attribute(const SpanView& span, Visit&& visit) {
  if (!span.function.empty())
    visit(code_function_key, AttributeValue(span.function));
  if (!span.file.empty())
    visit(code_file_key, AttributeValue(span.file));
  if (span.line != 0)
    visit(code_line_key, AttributeValue(span.line));
}

// A view of an owned attribute value: its string stays owned by `value`.
inline AttributeValue attribute_view(const Value& value) noexcept {
  if (const auto* s = std::get_if<std::string>(&value))
    return std::string_view(*s);
  if (const auto* b = std::get_if<bool>(&value))
    return *b;
  if (const auto* i = std::get_if<std::int64_t>(&value))
    return *i;
  if (const auto* d = std::get_if<double>(&value))
    return *d;
  return {};
}

// `span` as owned data, reusing the strings and vectors `out` holds. An
// unsigned value above INT64_MAX becomes its decimal string.
void to_span_data(const SpanView& span, SpanData& out);

// A view of `span` (which must outlive it), reusing `out`'s vectors.
void view_of(const SpanData& span, SpanView& out);

} // namespace telegen::detail
