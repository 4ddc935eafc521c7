// The metrics' way out over OTLP: a thread that reads every series through
// the registry's snapshot (the same view /metrics formats) every
// OTEL_METRIC_EXPORT_INTERVAL and pushes it, cumulative, to the exporter;
// once more when flushed or stopped.
#pragma once

#include "core/background_control.hpp"
#include "core/thread_queues.hpp"
#include "export/signal_exporters.hpp"
#include "telegen/config.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

namespace telegen::detail {

// Thread-safe: force_flush, shutdown and the fork handlers from any thread.
class MetricReader {
public:
  MetricReader(const MetricsConfig& config, std::unique_ptr<MetricExporter> exporter);
  ~MetricReader(); // shuts down with no wait if still running

  // Pushes the series as they are now. False on timeout.
  bool force_flush(std::chrono::nanoseconds timeout);
  // Lets the thread start its last export without waiting for it, so
  // that several signals shut down at once; shutdown() then waits.
  void begin_shutdown() { control_.request_stop(waker_); }
  // Pushes once more and stops the thread. After `timeout`, cancels the
  // exporter.
  void shutdown(std::chrono::nanoseconds timeout);

  // Around fork(): keeps the thread out of the registry (whose lock a
  // child could otherwise inherit held) while the process forks.
  void lock_for_fork() { reading_.lock(); }
  void unlock_after_fork() { reading_.unlock(); }

private:
  void run();
  void push();

  MetricsConfig config_;
  std::unique_ptr<MetricExporter> exporter_;
  std::mutex reading_; // held while the registry is read
  std::atomic<bool> cancelled_{false};
  Waker waker_;
  BackgroundControl control_;
  std::thread thread_;
};

} // namespace telegen::detail
