#include "metrics/counters.hpp"

namespace telegen::detail {

// Defined together so that linking any of them links all: a scrape lists
// every counter, also those still at zero.
SelfCounter spans_dropped{"telegen_spans_dropped_total",
                          "Spans dropped because the ending thread's span buffer was full."};
SelfCounter spans_export_failed{"telegen_spans_export_failed_total",
                                "Spans in batches the trace exporter could not deliver (receiver "
                                "down or slow, rejected, or cut "
                                "off at shutdown)."};
SelfCounter spans_exported{"telegen_spans_exported_total", "Spans the trace exporter delivered."};
SelfCounter span_data_dropped{
    "telegen_span_data_dropped_total",
    "Span attributes, events and links dropped because a span reached its size limit, or added "
    "where no recording span was live on the thread."};
SelfCounter traces_held_evicted{
    "telegen_traces_held_evicted_total",
    "Local traces held for a tail sampling decision that were decided before their root ended, "
    "because the held-span limit was reached."};
SelfCounter log_records_dropped{
    "telegen_log_records_dropped_total",
    "Log records dropped because the writing thread's log buffer was full."};
SelfCounter log_write_failures{"telegen_log_write_failures_total",
                               "Log lines that could not be written to their file or to stderr."};
SelfCounter log_guaranteed_waits{
    "telegen_log_guaranteed_waits_total",
    "Guaranteed log records that found their thread's log buffer full and waited for room."};
SelfCounter log_guaranteed_wait_micros{
    "telegen_log_guaranteed_wait_seconds_total",
    "Time callers of guaranteed log records waited for room in their thread's log buffer.", 1e-6};
SelfCounter log_records_written_by_caller{
    "telegen_log_records_written_by_caller_total",
    "Guaranteed log records their caller wrote to the log itself, having found no room in its "
    "buffer within TELEGEN_LOG_GUARANTEED_WAIT_MS."};
SelfCounter site_spans_sampled_out{
    "telegen_site_spans_sampled_out_total",
    "Spans not recorded because their site started spans faster than its rate limit on the "
    "thread (TELEGEN_TRACES_SITE_RATE_LIMIT), or the thread's span queue was nearly full."};
SelfCounter site_spans_kept{"telegen_site_spans_kept_total",
                            "Spans recorded by sites while their rate limit sampled them down."};

} // namespace telegen::detail
