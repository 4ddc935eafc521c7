// Config::from_env: OpenTelemetry's environment variables, LOG_LEVEL and
// telegen's own TELEGEN_* variables.
#include "telegen/config.hpp"

#include "core/text.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace telegen {
namespace {

std::optional<std::string_view> env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr)
    return std::nullopt;
  return detail::trim_ows(value);
}

// The first of the two that is set (the signal-specific variable wins).
std::optional<std::string_view> env(const char* specific, const char* general) {
  auto value = env(specific);
  return value ? value : env(general);
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

void read_sampling(SamplingConfig& sampling) {
  struct Name {
    std::string_view name;
    Sampler sampler;
  };
  constexpr Name names[] = {{"always_on", Sampler::always_on},
                            {"always_off", Sampler::always_off},
                            {"traceidratio", Sampler::trace_id_ratio},
                            {"parentbased_always_on", Sampler::parent_based_always_on},
                            {"parentbased_always_off", Sampler::parent_based_always_off},
                            {"parentbased_traceidratio", Sampler::parent_based_trace_id_ratio}};
  if (auto value = env("OTEL_TRACES_SAMPLER")) {
    const std::string v = lower(*value);
    bool known = false;
    for (const Name& n : names)
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
}

void read_otlp(OtlpConfig& otlp) {
  if (auto endpoint = env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
    otlp.endpoint = std::string(*endpoint);
  } else if (auto base = env("OTEL_EXPORTER_OTLP_ENDPOINT")) {
    otlp.endpoint = std::string(*base);
    if (otlp.endpoint.empty() || otlp.endpoint.back() != '/')
      otlp.endpoint += '/';
    otlp.endpoint += "v1/traces";
  }
  read_pairs("OTEL_EXPORTER_OTLP_HEADERS", otlp.headers);
  read_pairs("OTEL_EXPORTER_OTLP_TRACES_HEADERS", otlp.headers);
  read_milliseconds("OTEL_EXPORTER_OTLP_TIMEOUT", otlp.timeout);
  read_milliseconds("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", otlp.timeout); // the specific one wins
  if (auto value = env("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION")) {
    const std::string v = lower(*value);
    if (v == "gzip" || v == "none")
      otlp.gzip = v == "gzip";
    else
      warn("OTEL_EXPORTER_OTLP_COMPRESSION", *value, "gzip or none", otlp.gzip ? "gzip" : "none");
  }
  if (auto value = env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL");
      value && lower(*value) != "http/json")
    warn("OTEL_EXPORTER_OTLP_PROTOCOL", *value, "http/json, the protocol telegen speaks",
         "http/json");
}

void read_traces(TracesConfig& traces) {
  if (auto value = env("OTEL_TRACES_EXPORTER")) {
    traces.exporters_chosen = true;
    traces.exporters.clear();
    std::string_view rest = *value;
    while (true) {
      const std::size_t comma = rest.find(',');
      const std::string name = lower(detail::trim_ows(rest.substr(0, comma)));
      if (!name.empty() && name != "none")
        traces.exporters.push_back(name);
      if (comma == std::string_view::npos)
        break;
      rest.remove_prefix(comma + 1);
    }
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
  read_milliseconds("OTEL_BSP_SCHEDULE_DELAY", traces.batch.schedule_delay);
  read_milliseconds("OTEL_BSP_EXPORT_TIMEOUT", traces.batch.export_timeout);
  read_count("OTEL_BSP_MAX_QUEUE_SIZE", traces.batch.max_queue_size);
  read_count("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", traces.batch.max_export_batch_size);
  if (traces.batch.max_export_batch_size > traces.batch.max_queue_size) {
    std::fprintf(stderr,
                 "telegen: OTEL_BSP_MAX_EXPORT_BATCH_SIZE (%zu) is larger than "
                 "OTEL_BSP_MAX_QUEUE_SIZE (%zu); "
                 "using %zu\n",
                 traces.batch.max_export_batch_size, traces.batch.max_queue_size,
                 traces.batch.max_queue_size);
    traces.batch.max_export_batch_size = traces.batch.max_queue_size;
  }
  read_otlp(traces.otlp);
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
}

} // namespace

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
  return config;
}

} // namespace telegen
