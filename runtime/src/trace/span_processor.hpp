// The batch span processor: one background thread drains every thread's
// span queue, decodes the records, applies tail decisions, and hands
// batches to the exporter by size or by delay. The threads that end spans
// never wait for it.
#pragma once

#include "core/background_control.hpp"
#include "core/clock.hpp"
#include "core/thread_queues.hpp"
#include "telegen/config.hpp"
#include "telegen/exporter.hpp"
#include "trace/span_decoder.hpp"
#include "trace/span_view_exporter.hpp"
#include "trace/tail_sampler.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace telegen::detail {

// Thread-safe: force_flush and shutdown may be called from any thread.
class SpanProcessor {
public:
  SpanProcessor(QueueSet& queues, const TracesConfig& config, Resource resource,
                std::shared_ptr<SpanExporter> exporter);
  ~SpanProcessor(); // shuts down with no wait if still running

  // Exports every span that ended before the call, except spans held for a
  // tail decision whose root has not ended. False on timeout.
  bool force_flush(std::chrono::nanoseconds timeout);
  // Lets the thread start its last export without waiting for it, so
  // that several signals shut down at once; shutdown() then waits.
  void begin_shutdown() { control_.request_stop(queues_.waker()); }
  // Drains, decides held traces, exports, and stops the thread. After
  // `timeout`, cancels the exporter; what is left is counted as failed.
  void shutdown(std::chrono::nanoseconds timeout);

private:
  void run();
  // Moves records from the queues into the batch: pending_ (bounded by
  // the queue size), or the view exporter's (bounded by the batch size).
  // Returns whether records are left in the queues.
  bool drain();
  // Spans waiting for export.
  std::size_t batched() const noexcept {
    return view_exporter_ != nullptr ? in_view_batch_ : pending_.size();
  }
  void export_batch();
  // A SpanData to decode into, reusing a spare one's allocations.
  SpanData spare_span();
  // With a view exporter: adds the spans the tail sampler kept (in
  // pending_) to its batch.
  void add_kept_to_view_batch();

  QueueSet& queues_;
  BatchConfig batch_;
  Resource resource_;
  std::shared_ptr<SpanExporter> exporter_;
  // exporter_ when it takes spans as views, else null.
  SpanViewExporter* view_exporter_;
  std::size_t in_view_batch_ = 0;
  TickConverter clock_;
  SpanDecoder decoder_;
  SpanView view_;
  TailSampler tail_;
  // Spans waiting for export, or (with a view exporter) kept by the tail
  // sampler and not yet added.
  std::vector<SpanData> pending_;
  std::vector<SpanData> batch_buffer_;
  // Exported SpanData kept for their allocations: decoding into them
  // reuses their strings and vectors.
  std::vector<SpanData> spare_;
  std::chrono::steady_clock::time_point last_export_;

  BackgroundControl control_;
  std::atomic<bool> cancelled_{false};
  std::thread thread_;
};

} // namespace telegen::detail
