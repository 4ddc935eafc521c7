// What a log record looks like in its thread's queue: a fixed header, the
// request and correlation ids, the bound fields (keys and values, as the
// context holds them), then (for a record without a site) the logger and
// event names, then the values (with their keys when there is no site).
#pragma once

#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"
#include "telegen/span_context.hpp"

#include <cstdint>

namespace telegen::detail {

struct LogRecordHeader {
  std::uint64_t ticks;
  TraceId trace_id; // invalid when the thread had no trace context
  SpanId span_id;
  // Null: function, file and line below. Set: the site's location, unless
  // function is set too (the caller of a generated emitter).
  const EventSite* site;
  const char* function;
  const char* file;
  std::uint32_t line;
  Level level;
  // The origin: given with the call, else the context's frontend; unknown
  // when neither names one.
  Frontend source;
  // The context's frontend, written when the record is in a request's
  // context.
  Frontend frontend;
  bool in_request;
  std::uint8_t trace_flags; // the W3C trace flags of trace_id's context
  std::uint16_t request_id_bytes;
  std::uint16_t correlation_id_bytes;
  std::uint16_t bound_field_count;
  std::uint16_t value_count;
  std::uint32_t bound_field_bytes;
};

} // namespace telegen::detail
