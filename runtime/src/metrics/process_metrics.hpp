// The process metrics every Prometheus client library exports, under the
// same names (process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds,
// process_start_time_seconds, process_threads), an uptime
// (process_uptime_seconds) and telegen_build_info. Read from /proc at each
// scrape; in multi-process mode one series per running process of the
// service, labelled pid.
#pragma once

#include "metrics/metric_snapshot.hpp"
#include "metrics/multiprocess_scrape.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// Their family names, which no other family may take.
std::vector<std::string_view> process_metric_names();

void collect_process_metrics(const ServicePeers* peers, std::vector<FamilySnapshot>& out);

// What telegen_build_info says of the service; telegen::start sets it
// from its configuration. Until then it comes from the environment.
void set_build_info(std::string service_name, std::string service_version);

} // namespace telegen::detail
