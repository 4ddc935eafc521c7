// The SelfCounters of tracing and logging: what they drop, they count here,
// and every metrics scrape lists these.
#pragma once

#include "telegen/detail/self_metrics.hpp"

namespace telegen::detail {

extern SelfCounter spans_dropped;
extern SelfCounter spans_export_failed;
extern SelfCounter spans_exported;
extern SelfCounter span_data_dropped;
extern SelfCounter traces_held_evicted;
extern SelfCounter log_records_dropped;
extern SelfCounter log_write_failures;
extern SelfCounter log_guaranteed_waits;
extern SelfCounter log_guaranteed_wait_micros;
extern SelfCounter log_records_written_by_caller;
extern SelfCounter site_spans_sampled_out;
extern SelfCounter site_spans_kept;

} // namespace telegen::detail
