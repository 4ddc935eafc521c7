// Config::from_env: OpenTelemetry's environment variables, LOG_LEVEL and
// telegen's own TELEGEN_* variables.
#include "telegen/config.hpp"

#include "core/text.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace telegen {
namespace {

std::optional<std::string_view> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr)
    return std::nullopt;
  return detail::trim_ows(value);
}

void warn(const char* name, std::string_view value, const char* expected, const char* used) {
  std::fprintf(stderr, "telegen: ignoring %s='%.*s': expected %s; using %s\n", name,
               static_cast<int>(value.size()), value.data(), expected, used);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::optional<std::uint64_t> parse_uint(std::string_view s) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || s.empty())
    return std::nullopt;
  return value;
}

void read_milliseconds(const char* name, std::chrono::milliseconds& out) {
  if (auto value = env(name)) {
    if (auto ms = parse_uint(*value))
      out = std::chrono::milliseconds(*ms);
    else
      warn(name, *value, "a whole number of milliseconds",
           std::to_string(out.count()).append(" ms").c_str());
  }
}

void read_count(const char* name, std::size_t& out) {
  if (auto value = env(name)) {
    auto n = parse_uint(*value);
    if (n && *n > 0)
      out = static_cast<std::size_t>(*n);
    else
      warn(name, *value, "a positive whole number", std::to_string(out).c_str());
  }
}

void read_bool(const char* name, bool& out) {
  if (auto value = env(name)) {
    const std::string v = lower(*value);
    if (v == "true")
      out = true;
    else if (v == "false")
      out = false;
    else
      warn(name, *value, "true or false", out ? "true" : "false");
  }
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "key1=value1,key2=value2" with percent-encoded values, as
// OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS spell them.
// Entries replace earlier ones with the same key.
void read_pairs(const char* name, std::vector<std::pair<std::string, std::string>>& out) {
  auto value = env(name);
  if (!value)
    return;
  std::string_view rest = *value;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view entry = detail::trim_ows(rest.substr(0, comma));
    const std::size_t equals = entry.find('=');
    const std::string_view key = detail::trim_ows(entry.substr(0, equals));
    if (!entry.empty()) {
      if (equals == std::string_view::npos || key.empty()) {
        warn(name, entry, "key=value entries separated by commas", "the other entries");
      } else {
        std::string decoded = percent_decode(detail::trim_ows(entry.substr(equals + 1)));
        bool replaced = false;
        for (auto& [k, v] : out)
          if (k == key) {
            v = decoded;
            replaced = true;
          }
        if (!replaced)
          out.emplace_back(std::string(key), std::move(decoded));
      }
    }
    if (comma == std::string_view::npos)
      break;
    rest.remove_prefix(comma + 1);
  }
}

struct SamplerName {
  std::string_view name;
  Sampler sampler;
};
constexpr SamplerName sampler_names[] = {
    {"always_on", Sampler::always_on},
    {"always_off", Sampler::always_off},
    {"traceidratio", Sampler::trace_id_ratio},
    {"parentbased_always_on", Sampler::parent_based_always_on},
    {"parentbased_always_off", Sampler::parent_based_always_off},
    {"parentbased_traceidratio", Sampler::parent_based_trace_id_ratio}};

void read_sampling(SamplingConfig& sampling) {
  if (auto value = env("OTEL_TRACES_SAMPLER")) {
    const std::string v = lower(*value);
    bool known = false;
    for (const SamplerName& n : sampler_names)
      if (v == n.name) {
        sampling.sampler = n.sampler;
        known = true;
      }
    if (!known)
      warn("OTEL_TRACES_SAMPLER", *value,
           "always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off or "
           "parentbased_traceidratio",
           "parentbased_always_on");
  }
  const bool ratio_sampler = sampling.sampler == Sampler::trace_id_ratio ||
                             sampling.sampler == Sampler::parent_based_trace_id_ratio;
  if (auto value = env("OTEL_TRACES_SAMPLER_ARG"); value && ratio_sampler) {
    char* end = nullptr;
    const std::string text(*value);
    const double ratio = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size() && ratio >= 0.0 && ratio <= 1.0)
      sampling.ratio = ratio;
    else
      warn("OTEL_TRACES_SAMPLER_ARG", *value, "a probability between 0 and 1", "1.0");
  }
  read_bool("TELEGEN_TRACES_KEEP_ERRORS", sampling.keep_errors);
  read_milliseconds("TELEGEN_TRACES_KEEP_SLOW_MS", sampling.keep_slow);
  if (auto value = env("TELEGEN_TRACES_SITE_RATE_LIMIT")) {
    const auto limit = parse_uint(*value);
    if (limit && *limit <= UINT32_MAX)
      sampling.site_rate_limit = static_cast<std::uint32_t>(*limit);
    else
      warn("TELEGEN_TRACES_SITE_RATE_LIMIT", *value,
           "a whole number of spans per second per site (0: no limit)",
           std::to_string(sampling.site_rate_limit).c_str());
  }
}

// OTEL_EXPORTER_OTLP_<name>, or its per-signal form when that is set.
struct OtlpVariable {
  std::string name; // the one that is set (the general one when neither)
  std::optional<std::string_view> value;
};

OtlpVariable otlp_variable(std::string_view signal, std::string_view name) {
  std::string specific = "OTEL_EXPORTER_OTLP_";
  specific.append(signal).append("_").append(name);
  if (auto value = env(specific.c_str()))
    return {specific, value};
  std::string general = "OTEL_EXPORTER_OTLP_";
  general.append(name);
  return {general, env(general.c_str())};
}

bool is_url(std::string_view endpoint) {
  for (std::string_view scheme : {"http://", "https://"})
    if (endpoint.substr(0, scheme.size()) == scheme) {
      const std::string_view rest = endpoint.substr(scheme.size());
      return !rest.empty() && rest.front() != '/' && rest.find(' ') == std::string_view::npos;
    }
  return false;
}

// Reads one signal's OTLP settings ("TRACES", "v1/traces"). Returns what
// makes its OTLP export impossible (an unsupported protocol, an endpoint
// that is not a URL, a certificate file that cannot be read), or "".
std::string read_otlp(std::string_view signal, std::string_view path, OtlpConfig& otlp) {
  std::string problem;
  const auto report = [&](const OtlpVariable& v, std::string_view what) {
    if (problem.empty())
      problem = v.name + "='" + std::string(*v.value) + "' " + std::string(what);
  };
  std::string specific_endpoint = "OTEL_EXPORTER_OTLP_";
  specific_endpoint.append(signal).append("_ENDPOINT");
  if (auto endpoint = env(specific_endpoint.c_str())) {
    otlp.endpoint = std::string(*endpoint);
    if (!is_url(*endpoint))
      report({specific_endpoint, endpoint}, "is not a URL (expected http://host:port/path or "
                                            "https://host:port/path)");
  } else if (auto base = env("OTEL_EXPORTER_OTLP_ENDPOINT")) {
    otlp.endpoint = std::string(*base);
    if (otlp.endpoint.empty() || otlp.endpoint.back() != '/')
      otlp.endpoint += '/';
    otlp.endpoint += path;
    if (!is_url(*base))
      report({"OTEL_EXPORTER_OTLP_ENDPOINT", base},
             "is not a URL (expected http://host:port or https://host:port)");
  }
  if (const OtlpVariable protocol = otlp_variable(signal, "PROTOCOL"); protocol.value) {
    const std::string v = lower(*protocol.value);
    if (v == "http/protobuf")
      otlp.protocol = OtlpProtocol::http_protobuf;
    else if (v == "http/json")
      otlp.protocol = OtlpProtocol::http_json;
    else
      report(protocol, "is not supported (telegen speaks http/protobuf, the default, and "
                       "http/json; not grpc)");
  }
  read_pairs("OTEL_EXPORTER_OTLP_HEADERS", otlp.headers);
  read_pairs(("OTEL_EXPORTER_OTLP_" + std::string(signal) + "_HEADERS").c_str(), otlp.headers);
  read_milliseconds(otlp_variable(signal, "TIMEOUT").name.c_str(), otlp.timeout);
  if (const OtlpVariable compression = otlp_variable(signal, "COMPRESSION"); compression.value) {
    const std::string v = lower(*compression.value);
    if (v == "gzip" || v == "none")
      otlp.gzip = v == "gzip";
    else
      warn(compression.name.c_str(), *compression.value, "gzip or none",
           otlp.gzip ? "gzip" : "none");
  }
  const std::pair<const char*, std::string*> files[] = {
      {"CERTIFICATE", &otlp.certificate},
      {"CLIENT_CERTIFICATE", &otlp.client_certificate},
      {"CLIENT_KEY", &otlp.client_key}};
  for (const auto& [name, out] : files) {
    const OtlpVariable file = otlp_variable(signal, name);
    if (!file.value)
      continue;
    *out = std::string(*file.value);
    if (access(out->c_str(), R_OK) != 0)
      report(file, std::string("cannot be read (") + std::strerror(errno) + ")");
  }
  return problem;
}

// One line on stderr when a signal's OTLP settings are unusable, saying
// where its data goes instead.
void report_unusable(const std::string& problem, std::string_view instead) {
  std::fprintf(stderr, "telegen: %s; %.*s\n", problem.c_str(), static_cast<int>(instead.size()),
               instead.data());
}

// A comma-separated list of lowercase names, without "none".
std::vector<std::string> read_names(std::string_view value) {
  std::vector<std::string> names;
  while (true) {
    const std::size_t comma = value.find(',');
    std::string name = lower(detail::trim_ows(value.substr(0, comma)));
    if (!name.empty() && name != "none")
      names.push_back(std::move(name));
    if (comma == std::string_view::npos)
      return names;
    value.remove_prefix(comma + 1);
  }
}

void read_batch(const char* prefix, BatchConfig& batch) {
  const std::string p = prefix;
  read_milliseconds((p + "SCHEDULE_DELAY").c_str(), batch.schedule_delay);
  read_milliseconds((p + "EXPORT_TIMEOUT").c_str(), batch.export_timeout);
  read_count((p + "MAX_QUEUE_SIZE").c_str(), batch.max_queue_size);
  read_count((p + "MAX_EXPORT_BATCH_SIZE").c_str(), batch.max_export_batch_size);
  if (batch.max_export_batch_size > batch.max_queue_size) {
    std::fprintf(stderr,
                 "telegen: %sMAX_EXPORT_BATCH_SIZE (%zu) is larger than %sMAX_QUEUE_SIZE (%zu); "
                 "using %zu\n",
                 prefix, batch.max_export_batch_size, prefix, batch.max_queue_size,
                 batch.max_queue_size);
    batch.max_export_batch_size = batch.max_queue_size;
  }
}

void read_traces(TracesConfig& traces) {
  if (auto value = env("OTEL_TRACES_EXPORTER")) {
    traces.exporters_chosen = true;
    traces.exporters = read_names(*value);
    if (traces.exporters.empty())
      traces.enabled = false;
  }
  bool disabled = false;
  read_bool("OTEL_SDK_DISABLED", disabled);
  if (disabled)
    traces.enabled = false;
  if (auto path = env("TELEGEN_TRACES_FILE"))
    traces.file_path = std::string(*path);
  read_sampling(traces.sampling);
  read_batch("OTEL_BSP_", traces.batch);
  const std::string problem = read_otlp("TRACES", "v1/traces", traces.otlp);
  auto& names = traces.exporters;
  const auto otlp = std::find(names.begin(), names.end(), "otlp");
  if (problem.empty() || otlp == names.end() || !traces.enabled)
    return;
  report_unusable(problem, "spans go to " + traces.file_path + " instead");
  if (std::find(names.begin(), names.end(), "jsonl") == names.end())
    *otlp = "jsonl";
  else
    names.erase(otlp);
}

void read_logs(LogsConfig& logs) {
  if (auto value = env("LOG_LEVEL")) {
    if (auto level = parse_level(*value))
      logs.level = *level;
    else
      warn("LOG_LEVEL", *value, "DEBUG, INFO, WARNING, ERROR or CRITICAL", "INFO");
  }
  if (auto path = env("TELEGEN_LOG_FILE"))
    logs.file_path = std::string(*path);
  if (auto value = env("TELEGEN_LOG_STDERR")) {
    const std::string v = lower(*value);
    if (v == "off")
      logs.stderr_format = StderrFormat::off;
    else if (v == "json")
      logs.stderr_format = StderrFormat::json;
    else if (v == "dev")
      logs.stderr_format = StderrFormat::dev;
    else
      warn("TELEGEN_LOG_STDERR", *value, "off, json or dev", "off");
  }
  read_milliseconds("TELEGEN_SLOW_REQUEST_MS", logs.slow_request);
  read_milliseconds("TELEGEN_LOG_GUARANTEED_WAIT_MS", logs.guaranteed_wait);
  read_milliseconds("TELEGEN_LOG_SYNC_MS", logs.sync_interval);
  if (auto value = env("OTEL_LOGS_EXPORTER")) {
    logs.export_otlp = false;
    for (const std::string& name : read_names(*value)) {
      if (name == "otlp")
        logs.export_otlp = true;
      else
        warn("OTEL_LOGS_EXPORTER", name, "otlp or none (the log file is TELEGEN_LOG_FILE)",
             "none for it");
    }
  }
  read_batch("OTEL_BLRP_", logs.batch);
  const std::string problem = read_otlp("LOGS", "v1/logs", logs.otlp);
  if (!problem.empty() && logs.export_otlp) {
    report_unusable(problem, logs.file_path.empty()
                                 ? "log records are not exported"
                                 : "log records go to " + logs.file_path + " only");
    logs.export_otlp = false;
  }
}

void read_metrics(MetricsConfig& metrics) {
  if (auto value = env("OTEL_METRICS_EXPORTER")) {
    metrics.export_otlp = false;
    for (const std::string& name : read_names(*value)) {
      if (name == "otlp")
        metrics.export_otlp = true;
      else if (name != "prometheus")
        warn("OTEL_METRICS_EXPORTER", name,
             "otlp, prometheus (the /metrics endpoint, always on) or none", "none for it");
    }
  }
  read_milliseconds("OTEL_METRIC_EXPORT_INTERVAL", metrics.interval);
  read_milliseconds("OTEL_METRIC_EXPORT_TIMEOUT", metrics.timeout);
  if (metrics.interval.count() == 0) {
    warn("OTEL_METRIC_EXPORT_INTERVAL", "0", "a positive number of milliseconds", "60000 ms");
    metrics.interval = std::chrono::milliseconds(60000);
  }
  const std::string problem = read_otlp("METRICS", "v1/metrics", metrics.otlp);
  if (!problem.empty() && metrics.export_otlp) {
    report_unusable(problem, "metrics are not pushed (the /metrics endpoint still serves them)");
    metrics.export_otlp = false;
  }
}

} // namespace

std::string_view to_string(Sampler sampler) noexcept {
  for (const SamplerName& n : sampler_names)
    if (n.sampler == sampler)
      return n.name;
  return "parentbased_always_on";
}

MetricsConfig MetricsConfig::from_env() {
  MetricsConfig metrics;
  read_metrics(metrics);
  if (auto dir = env("TELEGEN_METRICS_MULTIPROCESS_DIR"))
    metrics.multiprocess_dir = std::string(*dir);
  read_bool("TELEGEN_METRICS_CREATED", metrics.openmetrics_created);
  return metrics;
}

Config Config::from_env() {
  Config config;
  read_pairs("OTEL_RESOURCE_ATTRIBUTES", config.resource_attributes);
  for (const auto& [key, value] : config.resource_attributes)
    if (key == "service.name")
      config.service_name = value;
  if (auto name = env("OTEL_SERVICE_NAME"); name && !name->empty())
    config.service_name = std::string(*name);
  read_traces(config.traces);
  read_logs(config.logs);
  config.metrics = MetricsConfig::from_env();
  return config;
}

} // namespace telegen
