// An exporter that takes finished spans one at a time, as SpanViews, into
// the batch it builds, rather than batches of SpanData: the span processor
// then neither copies a span nor allocates for it. The OTLP exporter is
// one; any SpanExporter may also be one.
#pragma once

#include "core/clock.hpp"
#include "telegen/exporter.hpp"
#include "trace/span_view.hpp"

#include <cstddef>
#include <vector>

namespace telegen::detail {

// Called by the span processor's thread only.
class SpanViewExporter {
public:
  virtual ~SpanViewExporter() = default;
  // Adds `span` to the batch being built; its views are valid only during
  // the call.
  virtual void add(const SpanView& span) = 0;
  // Adds the span of a queued record (span_record.hpp) straight from the
  // record, if this exporter can; when it returns false the batch is as it
  // was, and the processor decodes the record and calls add().
  virtual bool add_record(const std::byte* /*record*/, std::size_t /*size*/,
                          const TickConverter& /*clock*/) {
    return false;
  }
  // Sends the batch built so far, of `count` spans, and starts the next.
  // Returns whether it was delivered.
  virtual bool send_batch(const Resource& resource, std::size_t count) = 0;
  // Drops the batch built so far, unsent (shutdown's deadline has passed).
  virtual void discard_batch() = 0;
};

// A batch of SpanData (from code that calls SpanExporter::export_batch)
// through a view exporter, as one batch.
inline bool export_as_views(SpanViewExporter& exporter, const Resource& resource,
                            const std::vector<SpanData>& spans) {
  exporter.discard_batch();
  SpanView view;
  for (const SpanData& span : spans) {
    view_of(span, view);
    exporter.add(view);
  }
  return exporter.send_batch(resource, spans.size());
}

} // namespace telegen::detail
