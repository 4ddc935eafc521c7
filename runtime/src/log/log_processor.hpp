// The log writer: one background thread drains every thread's log queue,
// formats the records and writes whole lines to the log file (rotated by
// size) and/or stderr, and hands each record to the sink (the OTLP log
// export) when there is one. A guaranteed record that found no room in its
// queue in time is written by its caller through the same outputs
// (write_directly).
#pragma once

#include "core/background_control.hpp"
#include "core/clock.hpp"
#include "core/rotating_file.hpp"
#include "core/thread_queues.hpp"
#include "log/log_format.hpp"
#include "log/log_sink.hpp"
#include "log/own_record.hpp"
#include "telegen/config.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
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
  // The processor is the running one (write_directly) until shutdown.
  LogProcessor(QueueSet& queues, const LogsConfig& config, LogSink* sink,
               std::vector<OwnRecord> opening = {},
               std::function<void(bool last)> after_pass = {});
  ~LogProcessor(); // shuts down with no wait if still running

  // Writes every record queued before the call. False on timeout.
  bool force_flush(std::chrono::nanoseconds timeout);
  // Writes what is queued, then `closing` when given, and stops the
  // thread, waiting up to `timeout`.
  void shutdown(std::chrono::nanoseconds timeout, std::optional<OwnRecord> closing = {});

  // Any thread: formats one encoded record and writes it at once.
  void write_now(const std::byte* record, std::size_t size);

private:
  // Formatted lines waiting to be written, and what formats them.
  struct Lines {
    std::string file;
    std::string stderr_text;
    SensitiveKeys sensitive;
    LogView view;
  };

  void run();
  // Formats and writes what the queues hold.
  void drain();
  // Formats one record into `lines`, and hands it to the sink.
  void format(const LogView& record, Lines& lines);
  // Writes the writer's pending lines.
  void write_out();
  // Writes `lines` to the file and stderr; output_mutex_ held.
  void write_locked(Lines& lines);
  // Syncs the file when its oldest unsynced line is due; returns how long
  // until the next one is (write_interval when none waits).
  std::chrono::nanoseconds sync_when_due();

  QueueSet& queues_;
  StderrFormat stderr_format_;
  LogSink* sink_;
  std::function<void(bool last)> after_pass_;
  std::unique_ptr<RotatingFile> file_;
  std::chrono::nanoseconds sync_interval_;
  TickConverter clock_;
  std::vector<OwnRecord> opening_;
  std::optional<OwnRecord> closing_; // set before the stop request
  Lines lines_;
  // The file, stderr, and what callers writing directly share.
  std::mutex output_mutex_;
  Lines direct_lines_;
  // Since when the file holds lines not synced; nullopt: none.
  std::optional<std::chrono::steady_clock::time_point> unsynced_since_;
  BackgroundControl control_;
  std::thread thread_;
};

// Whether a processor runs (any thread).
bool log_writer_running() noexcept;
// The running processor's write_now, for a guaranteed record that found no
// room in its thread's queue within guaranteed_wait(). False when no
// processor runs (before start, after shutdown).
bool write_directly(const std::byte* record, std::size_t size) noexcept;
// How long a guaranteed record waits for room: the running configuration's
// guaranteed_wait.
std::chrono::nanoseconds guaranteed_wait() noexcept;

// Around fork(): the prepare handler holds the lock write_directly takes;
// the parent's handler releases it, the child's also forgets the running
// processor (its thread stayed in the parent).
void lock_direct_writes_for_fork();
void unlock_direct_writes_after_fork(bool in_child);

} // namespace telegen::detail
