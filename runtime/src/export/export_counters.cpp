#include "export/export_counters.hpp"

namespace telegen::detail {

// Defined together so that linking any of them links all: a scrape lists
// every counter, also those still at zero.
SelfCounter spans_rejected{"telegen_spans_rejected_total",
                           "Spans an OTLP receiver took but rejected (a partial success)."};
SelfCounter log_records_exported{"telegen_log_records_exported_total",
                                 "Log records the OTLP log exporter delivered."};
SelfCounter log_records_export_failed{
    "telegen_log_records_export_failed_total",
    "Log records in batches the OTLP log exporter could not deliver (receiver down or slow, "
    "rejected, or cut off at shutdown)."};
SelfCounter log_records_export_dropped{
    "telegen_log_records_export_dropped_total",
    "Log records not sent over OTLP because its export queue (OTEL_BLRP_MAX_QUEUE_SIZE) was "
    "full; the log file still has them."};
SelfCounter log_records_rejected{
    "telegen_log_records_rejected_total",
    "Log records an OTLP receiver took but rejected (a partial success)."};
SelfCounter metric_exports{"telegen_metric_exports_total",
                           "Pushes of every metric series the OTLP metric exporter delivered."};
SelfCounter metric_exports_failed{
    "telegen_metric_exports_failed_total",
    "Pushes of the metric series the OTLP metric exporter could not deliver; the next push "
    "carries the same cumulative values."};
SelfCounter metric_points_rejected{
    "telegen_metric_points_rejected_total",
    "Metric data points an OTLP receiver took but rejected (a partial success)."};

} // namespace telegen::detail
