// An exporter that takes finished spans one at a time, as SpanViews, into
// the batch it builds, rather than batches of SpanData: the span processor
// then neither copies a span nor allocates for it. The OTLP exporter is
// one; any SpanExporter may also be one.
#pragma once

#include "telegen/exporter.hpp"
#include "trace/span_view.hpp"

namespace telegen::detail {

// Called by the span processor's thread only.
class SpanViewExporter {
public:
  virtual ~SpanViewExporter() = default;
  // Adds `span` to the batch being built; its views are valid only during
  // the call.
  virtual void add(const SpanView& span) = 0;
  // Sends the batch built so far, of `count` spans, and starts the next.
  // Returns whether it was delivered.
  virtual bool send_batch(const Resource& resource, std::size_t count) = 0;
  // Drops the batch built so far, unsent (shutdown's deadline has passed).
  virtual void discard_batch() = 0;
};

} // namespace telegen::detail
