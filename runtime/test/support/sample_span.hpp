// A span with every part OTLP carries set (parent, tracestate, each
// attribute type, an event, a link, status, dropped counts), for the
// encoders' tests.
#pragma once

#include "telegen/exporter.hpp"

#include <limits>
#include <string>

namespace telegen::test {

inline SpanData sample_span() {
  SpanData span;
  span.trace_id = *TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
  span.span_id = *SpanId::from_hex("00f067aa0ba902b7");
  span.parent_span_id = *SpanId::from_hex("b7ad6b7169203331");
  span.parent_remote = true;
  span.trace_flags = trace_flags::sampled | trace_flags::random;
  span.trace_state = "congo=t61rcWkgMzE";
  span.name = "orders.place";
  span.kind = SpanKind::server;
  span.start_unix_nanos = 1700000000123456789u;
  span.end_unix_nanos = 1700000000223456789u;
  span.attributes = {{"s", std::string("text \"q\" ü")},
                     {"i", std::int64_t{-9007199254740993}},
                     {"d", 2.5},
                     {"nan", std::numeric_limits<double>::quiet_NaN()},
                     {"inf", -std::numeric_limits<double>::infinity()},
                     {"b", true},
                     {"n", nullptr}};
  span.events.push_back(
      {1700000000150000000u, "exception", {{"exception.type", std::string("std::runtime_error")}}});
  span.links.push_back(
      {SpanContext{*TraceId::from_hex("0af7651916cd43dd8448eb211c80319c"),
                   *SpanId::from_hex("00f067aa0ba902b8"), trace_flags::sampled, false}});
  span.status = StatusCode::error;
  span.status_message = "card declined";
  span.dropped_attributes = 2;
  return span;
}

} // namespace telegen::test
