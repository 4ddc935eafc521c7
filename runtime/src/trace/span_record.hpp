// What a finished span looks like in its thread's queue: a fixed header,
// the tracestate, then the SpanBuffer's items as they were added.
#pragma once

#include "telegen/detail/context_stack.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/span.hpp"

#include <cstdint>

namespace telegen::detail {

// The first byte of each SpanBuffer item.
enum class SpanItem : std::uint8_t {
  indexed_attribute, // u16 index, value
  attribute,         // u16 key length, key, value
  event,      // u64 ticks, u16 name length, name, u16 count, count x (u16 key length, key, value)
  site_event, // u64 ticks, EventSite*, u16 count, count x value
  exception,  // u64 ticks, const char* mangled type (or null), u32 length, message
  link,       // u64 trace hi, u64 trace lo, u64 span id, u8 flags
  status_message, // u32 length, message
};

struct SpanRecordHeader {
  const SpanSite* site;
  TraceId trace_id;
  SpanId span_id;
  SpanId parent_span_id;
  std::uint64_t start_ticks;
  std::uint64_t end_ticks;
  std::uint32_t buffer_bytes;
  std::uint16_t trace_state_bytes;
  std::uint16_t dropped_attributes;
  std::uint16_t dropped_events;
  std::uint16_t dropped_links;
  std::uint8_t flags;
  Recording recording; // held or exported
  StatusCode status;
  bool parent_remote;
  bool local_root;
};

} // namespace telegen::detail
