// Prometheus exposition of every metric the process has: generated modules,
// families registered with telegen/metrics.hpp, and telegen's own
// self-metrics. Use metrics_text() from your own HTTP server, or link
// telegen::http for a ready /metrics endpoint (telegen/http_server.hpp).
//
//   // in your HTTP handler:
//   auto format = telegen::negotiate_exposition_format(request.header("Accept"));
//   response.set(telegen::content_type(format), telegen::metrics_text(format));
#pragma once

#include <string>
#include <string_view>

namespace telegen {

enum class ExpositionFormat {
  prometheus_text, // text/plain; version=0.0.4
  openmetrics,     // application/openmetrics-text; version=1.0.0
};

// The format a scrape asks for: OpenMetrics 1.0 when its Accept header
// prefers it (by q-value, then by specificity) to the Prometheus text
// format, which is the default for anything else, a missing header included.
ExpositionFormat negotiate_exposition_format(std::string_view accept_header) noexcept;

// The Content-Type header value for a format.
std::string_view content_type(ExpositionFormat format) noexcept;

// Every metric family, sorted by name, in `format`. Thread-safe; may run
// while any thread updates any metric. Each series is read once, so a
// histogram's buckets and _count always agree; its _sum may miss
// observations made while it was read.
std::string metrics_text(ExpositionFormat format = ExpositionFormat::prometheus_text);

} // namespace telegen
