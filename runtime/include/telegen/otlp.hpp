// The OTLP/HTTP JSON span exporter (target telegen::otlp, which links
// libcurl). Linking telegen::otlp is enough for OTEL_TRACES_EXPORTER=otlp
// (the default); call this only to build the exporter from code.
#pragma once

#include "telegen/config.hpp"
#include "telegen/exporter.hpp"

#include <memory>

namespace telegen {

// POSTs each batch as an OTLP JSON ExportTraceServiceRequest to
// config.traces.otlp.endpoint, with its headers, optionally gzipped.
// Retries on 429, 502, 503 and 504 (honouring Retry-After) and on
// connection errors, with exponential backoff and jitter, until
// min(otlp.timeout, batch.export_timeout) has passed for the batch.
// Used by the background thread only; cancel() is thread-safe.
//
//   telegen::Config config = telegen::Config::from_env();
//   config.traces.exporter = telegen::make_otlp_exporter(config);
//   telegen::start(config);
std::unique_ptr<SpanExporter> make_otlp_exporter(const Config& config);

} // namespace telegen
