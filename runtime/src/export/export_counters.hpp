// The SelfCounters of log and metric export, and of what OTLP receivers
// reject: what is lost is counted, and every scrape (and every OTLP metric
// push) lists these.
#pragma once

#include "telegen/detail/self_metrics.hpp"

namespace telegen::detail {

extern SelfCounter spans_rejected;
extern SelfCounter log_records_exported;
extern SelfCounter log_records_export_failed;
extern SelfCounter log_records_export_dropped;
extern SelfCounter log_records_rejected;
extern SelfCounter metric_exports;
extern SelfCounter metric_exports_failed;
extern SelfCounter metric_points_rejected;

} // namespace telegen::detail
