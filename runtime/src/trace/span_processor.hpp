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
  // Drains, decides held traces, exports, and stops the thread. After
  // `timeout`, cancels the exporter; what is left is counted as failed.
  void shutdown(std::chrono::nanoseconds timeout);

private:
  void run();
  // Moves records from the queues into pending_ (bounded by the queue
  // size). Returns whether records are left in the queues.
  bool drain();
  void export_batch();

  QueueSet& queues_;
  BatchConfig batch_;
  Resource resource_;
  std::shared_ptr<SpanExporter> exporter_;
  TickConverter clock_;
  SpanDecoder decoder_;
  TailSampler tail_;
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
