// The OTLP/HTTP exporters of the three signals, over OtlpHttpClient, in the
// protocol each signal's OtlpConfig names.
#pragma once

#include "export/signal_exporters.hpp"
#include "telegen/config.hpp"
#include "telegen/exporter.hpp"

#include <memory>

namespace telegen::detail {

std::unique_ptr<LogExporter> make_otlp_log_exporter(const Config& config, const Resource& resource);
std::unique_ptr<MetricExporter> make_otlp_metric_exporter(const Config& config,
                                                          const Resource& resource);

} // namespace telegen::detail
