#include "telemetry/lifecycle_records.hpp"

#include "core/redaction.hpp"
#include "core/service_name.hpp"
#include "metrics/counters.hpp"

#include <algorithm>
#include <unistd.h>

namespace telegen::detail {
namespace {

constexpr std::string_view started_fields[] = {"service_name", "service_version", "pid"};
constexpr EventSite started_site{Level::info,      "telegen", "service_started",
                                 "telegen::start", 0,         "runtime/src/telemetry/telemetry.cpp",
                                 started_fields};

constexpr std::string_view configuration_fields[] = {"log_level",
                                                     "log_file",
                                                     "log_stderr",
                                                     "logs_otlp_endpoint",
                                                     "traces_exporters",
                                                     "traces_sampler",
                                                     "traces_sampler_ratio",
                                                     "traces_otlp_endpoint",
                                                     "metrics_otlp_endpoint",
                                                     "metrics_multiprocess_dir",
                                                     "otlp_headers",
                                                     "resource_attributes",
                                                     "slow_request_ms"};
constexpr EventSite configuration_site{
    Level::info,         "telegen", "configuration_loaded",
    "telegen::start",    0,         "runtime/src/telemetry/telemetry.cpp",
    configuration_fields};

constexpr std::string_view stopped_fields[] = {"uptime_ms", "log_records_dropped"};
constexpr EventSite stopped_site{
    Level::info,         "telegen", "service_stopped",
    "telegen::shutdown", 0,         "runtime/src/telemetry/telemetry.cpp",
    stopped_fields};

std::string_view stderr_name(StderrFormat format) {
  switch (format) {
  case StderrFormat::json:
    return "json";
  case StderrFormat::dev:
    return "dev";
  case StderrFormat::off:
    break;
  }
  return "off";
}

bool exports_traces_over_otlp(const TracesConfig& traces) {
  return traces.enabled && !traces.exporter &&
         std::find(traces.exporters.begin(), traces.exporters.end(), "otlp") !=
             traces.exporters.end();
}

std::string traces_exporters(const TracesConfig& traces) {
  if (!traces.enabled)
    return "none";
  if (traces.exporter)
    return "set in code";
  std::string names;
  for (const std::string& name : traces.exporters)
    names += (names.empty() ? "" : ",") + name;
  return names;
}

// Every OTLP header of the signals exported over OTLP, each pair once.
std::vector<std::pair<std::string, std::string>> otlp_headers(const Config& config) {
  std::vector<std::pair<std::string, std::string>> headers;
  const auto add = [&](const OtlpConfig& otlp) {
    for (const auto& header : otlp.headers)
      if (std::find(headers.begin(), headers.end(), header) == headers.end())
        headers.push_back(header);
  };
  if (exports_traces_over_otlp(config.traces))
    add(config.traces.otlp);
  if (config.logs.export_otlp)
    add(config.logs.otlp);
  if (config.metrics.export_otlp)
    add(config.metrics.otlp);
  return headers;
}

AttributeValue text_or_null(const std::string& text) {
  return text.empty() ? AttributeValue() : AttributeValue(text);
}

} // namespace

std::string redacted_pairs(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty())
      out += ',';
    out += name;
    out += '=';
    out += is_sensitive_key(name) ? std::string(redacted_value) : value;
  }
  return out;
}

std::string redacted_endpoint(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t authority = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::size_t end = std::min(url.find('/', authority), url.size());
  const std::size_t at = url.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < authority)
    return std::string(url);
  const std::size_t colon = url.substr(0, at).find(':', authority);
  if (colon == std::string_view::npos)
    return std::string(url);
  std::string out(url.substr(0, colon + 1));
  out += redacted_value;
  out += url.substr(at);
  return out;
}

OwnRecord started_record(const Config& config) {
  OwnRecord record(started_site);
  record.add(service_name_or_default(config))
      .add(text_or_null(service_version(config)))
      .add(static_cast<std::int64_t>(::getpid()));
  return record;
}

OwnRecord configuration_record(const Config& config) {
  const std::string logs_endpoint =
      config.logs.export_otlp ? redacted_endpoint(config.logs.otlp.endpoint) : std::string();
  const std::string traces_endpoint = exports_traces_over_otlp(config.traces)
                                          ? redacted_endpoint(config.traces.otlp.endpoint)
                                          : std::string();
  const std::string metrics_endpoint =
      config.metrics.export_otlp ? redacted_endpoint(config.metrics.otlp.endpoint) : std::string();
  OwnRecord record(configuration_site);
  record.add(to_string(config.logs.level))
      .add(text_or_null(config.logs.file_path))
      .add(stderr_name(config.logs.stderr_format))
      .add(text_or_null(logs_endpoint))
      .add(traces_exporters(config.traces))
      .add(to_string(config.traces.sampling.sampler))
      .add(config.traces.sampling.ratio)
      .add(text_or_null(traces_endpoint))
      .add(text_or_null(metrics_endpoint))
      .add(text_or_null(config.metrics.multiprocess_dir))
      .add(text_or_null(redacted_pairs(otlp_headers(config))))
      .add(text_or_null(redacted_pairs(config.resource_attributes)))
      .add(static_cast<double>(config.logs.slow_request.count()));
  return record;
}

OwnRecord closing_record(std::chrono::steady_clock::duration uptime) {
  OwnRecord record(stopped_site);
  record.add(std::chrono::duration<double, std::milli>(uptime).count())
      .add(static_cast<std::int64_t>(log_records_dropped.value()));
  return record;
}

} // namespace telegen::detail
