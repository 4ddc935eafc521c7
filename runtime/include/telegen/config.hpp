// Configuration of traces, logs, metrics export and multi-process metrics, from
// OpenTelemetry's standard
// environment variables or from code.
#pragma once

#include "telegen/log.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen {

class SpanExporter;

// OTEL_TRACES_SAMPLER's values. The parent-based samplers follow a
// parent's sampled flag and apply the named sampler to roots only.
enum class Sampler : std::uint8_t {
  always_on,
  always_off,
  trace_id_ratio,
  parent_based_always_on,
  parent_based_always_off,
  parent_based_trace_id_ratio,
};

// The sampler's OTEL_TRACES_SAMPLER name ("parentbased_always_on").
std::string_view to_string(Sampler sampler) noexcept;

struct SamplingConfig {
  Sampler sampler = Sampler::parent_based_always_on; // OTEL_TRACES_SAMPLER
  // OTEL_TRACES_SAMPLER_ARG, in [0, 1]. A trace is sampled when the random
  // right-most 56 bits of its id are at least (1 - ratio) * 2^56, so every
  // service with the same ratio decides the same way.
  double ratio = 1.0;
  // Tail decisions for local traces the sampler drops: their spans are held
  // until the local root ends, then kept if any span has status error
  // (TELEGEN_TRACES_KEEP_ERRORS=true) or the root took at least keep_slow
  // (TELEGEN_TRACES_KEEP_SLOW_MS, 0: off), else dropped.
  bool keep_errors = false;
  std::chrono::milliseconds keep_slow{0};
  // Bound on spans held for tail decisions. Past it, the oldest local trace
  // is decided early on what is known (kept if it has an error).
  std::size_t max_held_spans = 4096;
  // Per-site protection (TELEGEN_TRACES_SITE_RATE_LIMIT): a span site that
  // starts more recorded spans than this per second on one thread is
  // sampled down at that site, so one hot function cannot flood the
  // exporter. 0: no limit. See docs/instrument.md.
  std::uint32_t site_rate_limit = 1000;

  bool tail_enabled() const noexcept { return keep_errors || keep_slow.count() > 0; }
};

// A batch processor: OTEL_BSP_* for spans, OTEL_BLRP_* for log records
// sent over OTLP (whose schedule delay defaults to 1000 ms).
struct BatchConfig {
  std::chrono::milliseconds schedule_delay{5000};  // OTEL_BSP_SCHEDULE_DELAY
  std::chrono::milliseconds export_timeout{30000}; // OTEL_BSP_EXPORT_TIMEOUT
  // OTEL_BSP_MAX_QUEUE_SIZE: items waiting for export; what comes while
  // the queue is full is dropped and counted. For spans, each thread also
  // buffers up to this many average spans (256 bytes each) before dropping.
  std::size_t max_queue_size = 2048;
  std::size_t max_export_batch_size = 512; // OTEL_BSP_MAX_EXPORT_BATCH_SIZE
};

// OTEL_EXPORTER_OTLP_(SIGNAL_)PROTOCOL: http/protobuf (the default, as the
// OpenTelemetry specification says) or http/json. grpc is not supported.
enum class OtlpProtocol : std::uint8_t { http_protobuf, http_json };

// One signal's OTLP/HTTP export, used when telegen::otlp is linked. Each
// OTEL_EXPORTER_OTLP_<NAME> variable has a per-signal form,
// OTEL_EXPORTER_OTLP_{TRACES,LOGS,METRICS}_<NAME>, which wins.
struct OtlpConfig {
  OtlpConfig() = default;
  explicit OtlpConfig(std::string default_endpoint) : endpoint(std::move(default_endpoint)) {}

  // OTEL_EXPORTER_OTLP_<SIGNAL>_ENDPOINT as is, else
  // OTEL_EXPORTER_OTLP_ENDPOINT + "/v1/<signal>".
  std::string endpoint;
  OtlpProtocol protocol = OtlpProtocol::http_protobuf;
  // OTEL_EXPORTER_OTLP_(SIGNAL_)HEADERS.
  std::vector<std::pair<std::string, std::string>> headers;
  // OTEL_EXPORTER_OTLP_(SIGNAL_)TIMEOUT: all attempts of one request, and
  // the bound on flushing at shutdown.
  std::chrono::milliseconds timeout{10000};
  bool gzip = false; // OTEL_EXPORTER_OTLP_(SIGNAL_)COMPRESSION=gzip
  // PEM files for an https endpoint: the CA certificates to trust
  // (OTEL_EXPORTER_OTLP_(SIGNAL_)CERTIFICATE), and the client's own
  // certificate and key for mutual TLS (..._CLIENT_CERTIFICATE,
  // ..._CLIENT_KEY). Empty: the system's CAs, no client certificate.
  std::string certificate;
  std::string client_certificate;
  std::string client_key;
};

struct TracesConfig {
  // False with OTEL_SDK_DISABLED=true or OTEL_TRACES_EXPORTER=none: spans
  // still carry context, nothing is recorded.
  bool enabled = true;
  // OTEL_TRACES_EXPORTER, comma-separated: otlp, jsonl, console.
  std::vector<std::string> exporters{"otlp"};
  // Whether OTEL_TRACES_EXPORTER chose `exporters`. Where telegen::otlp is
  // not linked, otlp falls back to jsonl with one line on stderr, worded for
  // OpenTelemetry's default or for the user's choice.
  bool exporters_chosen = false;
  // When set from code, used instead of `exporters`.
  std::shared_ptr<SpanExporter> exporter;
  // Where the jsonl exporter writes (TELEGEN_TRACES_FILE): one OTLP JSON
  // ExportTraceServiceRequest per line, rotated like the log file.
  std::string file_path = "logs/traces.jsonl";
  SamplingConfig sampling;
  BatchConfig batch;
  OtlpConfig otlp{"http://localhost:4318/v1/traces"};
};

enum class StderrFormat : std::uint8_t { off, json, dev };

struct LogsConfig {
  Level level = Level::info; // LOG_LEVEL
  // TELEGEN_LOG_FILE; empty: no file.
  std::string file_path = "logs/system.jsonl";
  std::uint64_t max_file_bytes = 10 * 1024 * 1024;
  unsigned max_backups = 5;
  // TELEGEN_LOG_STDERR=off|json|dev: dev is one readable line per record.
  StderrFormat stderr_format = StderrFormat::off;
  // TELEGEN_LOG_GUARANTEED_WAIT_MS: how long a Delivery::guaranteed record
  // waits for room in its thread's full buffer; after that its caller
  // writes it to the file (and stderr, and the OTLP export) itself.
  std::chrono::milliseconds guaranteed_wait{100};
  // TELEGEN_LOG_SYNC_MS: when not 0, every line written to the file is
  // synced to disk (fdatasync) within about this long. 0, the default:
  // the kernel writes it back when it chooses.
  std::chrono::milliseconds sync_interval{0};
  // TELEGEN_SLOW_REQUEST_MS: a request a TracedRoutes route serves in more
  // than this writes a slow_request record (0: never).
  std::chrono::milliseconds slow_request{1000};
  // OTEL_LOGS_EXPORTER=otlp: every record also goes over OTLP (needs
  // telegen::otlp). none, the default: the file and stderr only (the
  // OpenTelemetry specification's default is otlp; telegen's is the file).
  bool export_otlp = false;
  // OTEL_BLRP_*: the batches of records sent over OTLP.
  BatchConfig batch{std::chrono::milliseconds(1000), std::chrono::milliseconds(30000), 2048, 512};
  OtlpConfig otlp{"http://localhost:4318/v1/logs"};
};

struct MetricsConfig {
  // OTEL_METRICS_EXPORTER=otlp: every series /metrics shows is also pushed
  // over OTLP (needs telegen::otlp), cumulative. none or prometheus, the
  // default: /metrics only.
  bool export_otlp = false;
  std::chrono::milliseconds interval{60000}; // OTEL_METRIC_EXPORT_INTERVAL
  std::chrono::milliseconds timeout{30000};  // OTEL_METRIC_EXPORT_TIMEOUT
  OtlpConfig otlp{"http://localhost:4318/v1/metrics"};

  // TELEGEN_METRICS_MULTIPROCESS_DIR: the directory every process of the
  // service maps its metric storage into, so that /metrics on any of them
  // shows the whole service. Empty: each process keeps its own. Takes
  // effect when given before the process's first metric update (start()
  // early in main(), before forking workers).
  std::string multiprocess_dir;

  // TELEGEN_METRICS_CREATED=false: OpenMetrics scrapes leave out the
  // _created sample of every counter and histogram series, which doubles a
  // scrape of counters. Prometheus only reads them when asked to
  // (--enable-feature=created-timestamp-zero-ingestion, 2.50 on).
  bool openmetrics_created = true;

  // Reads the variables named above.
  static MetricsConfig from_env();
};

// Everything telegen::start takes. A plain value.
//
//   telegen::Config config = telegen::Config::from_env();
//   config.logs.stderr_format = telegen::StderrFormat::dev;
//   telegen::start(config);
struct Config {
  // OTEL_SERVICE_NAME, else service.name in OTEL_RESOURCE_ATTRIBUTES, else
  // "unknown_service:<executable name>".
  std::string service_name;
  // OTEL_RESOURCE_ATTRIBUTES: key=value pairs, values percent-decoded.
  std::vector<std::pair<std::string, std::string>> resource_attributes;
  TracesConfig traces;
  LogsConfig logs;
  MetricsConfig metrics;

  // Reads the variables named above. An invalid value is reported once on
  // stderr, naming the variable and what it accepts, and the default used.
  static Config from_env();
};

} // namespace telegen
