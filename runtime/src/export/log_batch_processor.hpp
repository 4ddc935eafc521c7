// The log records' way out over OTLP: the log writer thread encodes each
// record into a bounded queue of batches (what exceeds
// OTEL_BLRP_MAX_QUEUE_SIZE is dropped and counted; the log file still has
// it), and this processor's thread sends them, by size or after the
// schedule delay, so a slow receiver never holds up the log file.
#pragma once

#include "core/background_control.hpp"
#include "core/thread_queues.hpp"
#include "export/signal_exporters.hpp"
#include "log/log_sink.hpp"
#include "telegen/config.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace telegen::detail {

// Thread-safe: add() from the log writer thread, force_flush and shutdown
// from any thread.
class LogBatchProcessor : public LogSink {
public:
  LogBatchProcessor(const BatchConfig& batch, std::unique_ptr<LogExporter> exporter);
  ~LogBatchProcessor() override; // shuts down with no wait if still running

  void add(const LogView& record) override;

  // Exports every record added before the call. False on timeout.
  bool force_flush(std::chrono::nanoseconds timeout);
  // Lets the thread start its last export without waiting for it, so
  // that several signals shut down at once; shutdown() then waits.
  void begin_shutdown() { control_.request_stop(waker_); }
  // Exports what is queued and stops the thread. After `timeout`, cancels
  // the exporter; what is left is counted as failed.
  void shutdown(std::chrono::nanoseconds timeout);

private:
  void run();
  // The next batch to send, or null: a full one, else the one filling when
  // `take_partial`.
  std::unique_ptr<EncodedLogs> next_batch(bool take_partial);
  void send(std::unique_ptr<EncodedLogs> batch);
  // A cleared batch, reused when one is spare. Under mutex_.
  std::unique_ptr<EncodedLogs> empty_batch();

  BatchConfig batch_;
  std::unique_ptr<LogExporter> exporter_;

  std::mutex mutex_;                              // guards the batches and queued_
  std::deque<std::unique_ptr<EncodedLogs>> full_; // oldest first
  std::unique_ptr<EncodedLogs> filling_;
  std::vector<std::unique_ptr<EncodedLogs>> spare_;
  std::size_t queued_ = 0;

  std::chrono::steady_clock::time_point last_export_;
  std::atomic<bool> cancelled_{false};
  Waker waker_;
  BackgroundControl control_;
  std::thread thread_;
};

} // namespace telegen::detail
