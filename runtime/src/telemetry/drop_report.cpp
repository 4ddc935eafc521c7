#include "telemetry/drop_report.hpp"

#include "core/rotating_file.hpp"
#include "export/export_counters.hpp"
#include "metrics/counters.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include <unistd.h>

#include <initializer_list>
#include <iterator>
#include <string_view>
#include <utility>

namespace telegen::detail {
namespace {

constexpr std::string_view fields[] = {"spans_queue_full",
                                       "spans_export_failed",
                                       "spans_rejected",
                                       "span_data_dropped",
                                       "log_records_queue_full",
                                       "log_records_export_queue_full",
                                       "log_records_export_failed",
                                       "log_records_rejected",
                                       "log_lines_write_failed",
                                       "metric_points_rejected",
                                       "spans_sampled_out_at_site",
                                       "at_shutdown",
                                       "summary"};
constexpr EventSite dropped_site{
    Level::warning, "telegen", "telemetry_dropped", "report_drops", 0, "", fields};

using Reasons = std::initializer_list<std::pair<std::uint64_t, std::string_view>>;

// "12 spans (10: queue full, 2: export failed)"; nothing when all are 0.
void describe_group(std::string& out, std::string_view what, Reasons reasons) {
  std::uint64_t total = 0;
  for (const auto& [count, why] : reasons)
    total += count;
  if (total == 0)
    return;
  out.append(out.empty() ? "" : ", ").append(std::to_string(total)).append(" ").append(what);
  out.append(" (");
  bool first = true;
  for (const auto& [count, why] : reasons) {
    if (count == 0)
      continue;
    out.append(first ? "" : ", ").append(std::to_string(count)).append(": ").append(why);
    first = false;
  }
  out.append(")");
}

} // namespace

DropCounts DropCounts::current() noexcept {
  DropCounts c;
  c.spans_queue_full = detail::spans_dropped.value();
  c.spans_export_failed = detail::spans_export_failed.value();
  c.spans_rejected = detail::spans_rejected.value();
  c.span_data_dropped = detail::span_data_dropped.value();
  c.log_records_queue_full = detail::log_records_dropped.value();
  c.log_records_export_queue_full = detail::log_records_export_dropped.value();
  c.log_records_export_failed = detail::log_records_export_failed.value();
  c.log_records_rejected = detail::log_records_rejected.value();
  c.log_lines_write_failed = detail::log_write_failures.value();
  c.metric_points_rejected = detail::metric_points_rejected.value();
  c.spans_sampled_out_at_site = detail::site_spans_sampled_out.value();
  return c;
}

bool DropCounts::any_lost() const noexcept { return !same_losses(DropCounts{}); }

bool DropCounts::same_losses(const DropCounts& o) const noexcept {
  return spans_queue_full == o.spans_queue_full && spans_export_failed == o.spans_export_failed &&
         spans_rejected == o.spans_rejected && span_data_dropped == o.span_data_dropped &&
         log_records_queue_full == o.log_records_queue_full &&
         log_records_export_queue_full == o.log_records_export_queue_full &&
         log_records_export_failed == o.log_records_export_failed &&
         log_records_rejected == o.log_records_rejected &&
         log_lines_write_failed == o.log_lines_write_failed &&
         metric_points_rejected == o.metric_points_rejected;
}

std::string describe(const DropCounts& c, bool at_shutdown) {
  std::string out;
  describe_group(out, "spans",
                 {{c.spans_queue_full, "queue full"},
                  {c.spans_export_failed, "export failed"},
                  {c.spans_rejected, "rejected by the receiver"}});
  describe_group(out, "span events, attributes or links",
                 {{c.span_data_dropped, "over the span's limits or no live span"}});
  describe_group(out, "log records",
                 {{c.log_records_queue_full, "queue full"},
                  {c.log_records_export_queue_full, "export queue full"},
                  {c.log_records_export_failed, "export failed"},
                  {c.log_records_rejected, "rejected by the receiver"},
                  {c.log_lines_write_failed, "file or stderr write failed"}});
  describe_group(out, "metric points", {{c.metric_points_rejected, "rejected by the receiver"}});
  if (out.empty())
    return out;
  out.insert(0, "dropped ");
  out.append(at_shutdown ? " in this process's life" : " so far");
  if (c.spans_sampled_out_at_site != 0)
    out.append("; on purpose, ")
        .append(std::to_string(c.spans_sampled_out_at_site))
        .append(" spans sampled out at sites over TELEGEN_TRACES_SITE_RATE_LIMIT");
  out.append("; telegen_*_total self-metrics count them");
  return out;
}

namespace {

// What the last reporter had reported when it was destroyed.
DropCounts carried_reported;
DropCounts carried_summarized;

} // namespace

DropReporter::DropReporter(bool stderr_line) noexcept
    : stderr_line_(stderr_line), reported_(carried_reported), summarized_(carried_summarized) {}

DropReporter::~DropReporter() {
  carried_reported = reported_;
  carried_summarized = summarized_;
}

void DropReporter::periodic(std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (now - last_report_ < interval)
    return;
  const DropCounts counts = DropCounts::current();
  if (counts.same_losses(reported_))
    return;
  last_report_ = now;
  report(counts, false);
}

void DropReporter::at_shutdown() {
  std::lock_guard<std::mutex> lock(mutex_);
  const DropCounts counts = DropCounts::current();
  if (!counts.any_lost() || counts.same_losses(summarized_))
    return;
  summarized_ = counts;
  report(counts, true);
}

void DropReporter::after_stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  const DropCounts counts = DropCounts::current();
  if (counts.same_losses(reported_))
    return;
  reported_ = counts;
  std::string line = "telegen: at shutdown, " + describe(counts, true) + "\n";
  write_fd(STDERR_FILENO, line);
}

void DropReporter::report(const DropCounts& c, bool at_shutdown) {
  reported_ = c;
  const std::string summary = describe(c, at_shutdown);
  const AttributeValue values[] = {
      c.spans_queue_full,          c.spans_export_failed,       c.spans_rejected,
      c.span_data_dropped,         c.log_records_queue_full,    c.log_records_export_queue_full,
      c.log_records_export_failed, c.log_records_rejected,      c.log_lines_write_failed,
      c.metric_points_rejected,    c.spans_sampled_out_at_site, at_shutdown,
      std::string_view(summary)};
  write_log(dropped_site, values, std::size(values), nullptr);
  if (stderr_line_ || !log_enabled(Level::warning))
    write_fd(STDERR_FILENO, "telegen: " + summary + "\n");
}

} // namespace telegen::detail
