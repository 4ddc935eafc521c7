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
#include "log/own_record.hpp"
#include "telegen/config.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace telegen::detail {

// Thread-safe: force_flush and shutdown may be called from any thread.
class LogProcessor {
public:
  // `sink` (may be null) must outlive the processor. `opening` is written
  // before any queued record. `after_pass` (may be empty) runs on the
  // writer's thread after each pass over the queues, with true after the
  // last one; what it logs then is still written, before the closing record.
  LogProcessor(QueueSet& queues, const LogsConfig& config, LogSink* sink,
               std::vector<OwnRecord> opening = {},
               std::function<void(bool last)> after_pass = {});
  ~LogProcessor(); // shuts down with no wait if still running

  // Writes every record queued before the call. False on timeout.
  bool force_flush(std::chrono::nanoseconds timeout);
  // Writes what is queued, then `closing` when given, and stops the
  // thread, waiting up to `timeout`.
  void shutdown(std::chrono::nanoseconds timeout, std::optional<OwnRecord> closing = {});

private:
  void run();
  // Formats and writes what the queues hold.
  void drain();
  // Formats one record into the pending lines, and hands it to the sink.
  void format(const LogView& record);
  // Writes the pending lines.
  void write_out();

  QueueSet& queues_;
  StderrFormat stderr_format_;
  LogSink* sink_;
  std::function<void(bool last)> after_pass_;
  std::unique_ptr<RotatingFile> file_;
  TickConverter clock_;
  LogView view_;
  std::vector<OwnRecord> opening_;
  std::optional<OwnRecord> closing_; // set before the stop request
  SensitiveKeys sensitive_;
  std::string file_lines_;
  std::string stderr_lines_;
  BackgroundControl control_;
  std::thread thread_;
};

} // namespace telegen::detail
