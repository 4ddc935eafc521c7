// Drops are never silent: while anything is being dropped, and at shutdown,
// one log record (the declared event telegen.telemetry_dropped) says how
// many spans, span events/attributes/links, log records and metric points
// were lost since the process started, and why. When the record cannot be
// seen (no log file and no stderr format, or warnings filtered out by
// LOG_LEVEL), one plain line on stderr says the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace telegen::detail {

// The totals a report is made of, by reason.
struct DropCounts {
  std::uint64_t spans_queue_full = 0;
  std::uint64_t spans_export_failed = 0;
  std::uint64_t spans_rejected = 0;
  std::uint64_t span_data_dropped = 0; // events, attributes and links over a span's limits
  std::uint64_t log_records_queue_full = 0;
  std::uint64_t log_records_export_queue_full = 0;
  std::uint64_t log_records_export_failed = 0;
  std::uint64_t log_records_rejected = 0;
  std::uint64_t log_lines_write_failed = 0;
  std::uint64_t metric_points_rejected = 0;
  // On purpose, not a loss: reported beside the losses, never alone.
  std::uint64_t spans_sampled_out_at_site = 0;

  // This process's SelfCounters now.
  static DropCounts current() noexcept;
  // Whether anything was lost (sampled-out spans are not a loss).
  bool any_lost() const noexcept;
  bool same_losses(const DropCounts& other) const noexcept;
};

// "telegen: dropped 12 spans (10: queue full, 2: export failed), ...", or
// "" when nothing was lost.
std::string describe(const DropCounts& counts, bool at_shutdown);

// Thread-safe: the log writer's thread calls periodic(), the lifecycle the
// others. One per telegen::start, made and destroyed under the runtime's
// lock: each takes over what the one before it reported, so that a process
// started again (after shutdown, or to be reconfigured) does not repeat
// losses already reported.
class DropReporter {
public:
  static constexpr std::chrono::seconds interval{10};

  // `stderr_line`: also write the plain line, as the record is not seen.
  explicit DropReporter(bool stderr_line) noexcept;
  ~DropReporter();
  DropReporter(const DropReporter&) = delete;
  DropReporter& operator=(const DropReporter&) = delete;

  // While running: reports when losses grew since the last report, at most
  // once per `interval`.
  void periodic(std::chrono::steady_clock::time_point now);
  // At shutdown: reports when anything was ever lost and no shutdown's
  // report had these totals.
  void at_shutdown();
  // After the log writer stopped: losses counted since at_shutdown() (the
  // spans' last export failing) go to stderr.
  void after_stop();

private:
  void report(const DropCounts& counts, bool at_shutdown);

  std::mutex mutex_;
  bool stderr_line_;
  DropCounts reported_;   // the totals of the last report
  DropCounts summarized_; // the totals of the last shutdown's report
  std::chrono::steady_clock::time_point last_report_{};
};

} // namespace telegen::detail
