// The log writer: one background thread drains every thread's log queue,
// formats the records and writes whole lines to the log file (rotated by
// size) and/or stderr, and hands each record to the sink (the OTLP log
// export) when there is one.
#pragma once

#include "core/background_control.hpp"
#include "core/clock.hpp"
#include "core/rotating_file.hpp"
#include "core/thread_queues.hpp"
#include "log/log_format.hpp"
#include "log/log_sink.hpp"
#include "telegen/config.hpp"

#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace telegen::detail {

// Thread-safe: force_flush and shutdown may be called from any thread.
class LogProcessor {
public:
  // `sink` (may be null) must outlive the processor. `after_pass` (may be
  // empty) runs on the writer's thread after each pass over the queues,
  // with true after the last one; what it logs then is still written.
  LogProcessor(QueueSet& queues, const LogsConfig& config, LogSink* sink,
               std::function<void(bool last)> after_pass = {});
  ~LogProcessor(); // shuts down with no wait if still running

  // Writes every record queued before the call. False on timeout.
  bool force_flush(std::chrono::nanoseconds timeout);
  // Writes what is queued and stops the thread, waiting up to `timeout`.
  void shutdown(std::chrono::nanoseconds timeout);

private:
  void run();
  // Formats and writes what the queues hold.
  void drain();

  QueueSet& queues_;
  StderrFormat stderr_format_;
  LogSink* sink_;
  std::function<void(bool last)> after_pass_;
  std::unique_ptr<RotatingFile> file_;
  TickConverter clock_;
  LogView view_;
  SensitiveKeys sensitive_;
  std::string file_lines_;
  std::string stderr_lines_;
  BackgroundControl control_;
  std::thread thread_;
};

} // namespace telegen::detail
