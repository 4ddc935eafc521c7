#include "export/exporters.hpp"

#include "core/rotating_file.hpp"
#include "core/service_name.hpp"
#include "export/otlp_json.hpp"
#include "export/signal_exporters.hpp"
#include "telegen/version.hpp"
#include "trace/span_view_exporter.hpp"

#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

namespace telegen {
namespace {

std::mutex& registry_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, SpanExporterFactory, std::less<>>& registry() {
  static std::map<std::string, SpanExporterFactory, std::less<>> factories;
  return factories;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] auto& registry_at_load = registry();

// One OTLP JSON ExportTraceServiceRequest per line, which the OpenTelemetry
// Collector's otlpjsonfile receiver reads back. The span processor hands
// each span over as it decodes it, and it is formatted into the line at
// once, as the OTLP exporter encodes it.
class JsonlExporter : public SpanExporter, public detail::SpanViewExporter {
public:
  JsonlExporter(const std::string& path, const LogsConfig& rotation)
      : file_(path, rotation.max_file_bytes, rotation.max_backups) {}

  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    return detail::export_as_views(*this, resource, spans);
  }

  void add(const detail::SpanView& span) override { batch_.add(span); }

  bool send_batch(const Resource& resource, std::size_t) override {
    line_.clear();
    batch_.finish(line_, resource);
    line_ += '\n';
    return file_.write(line_) == 0;
  }

  void discard_batch() override { batch_.clear(); }

private:
  detail::RotatingFile file_;
  detail::OtlpJsonSpanBatch batch_;
  std::string line_;
};

// One readable line per span on stdout, for development.
class ConsoleExporter : public SpanExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>& spans) override {
    std::string out;
    for (const SpanData& span : spans) {
      char line[256];
      std::snprintf(line, sizeof line,
                    "span %.*s trace=%s span=%s parent=%s kind=%d %.3fms status=%d",
                    static_cast<int>(span.name.size()), span.name.data(),
                    span.trace_id.to_hex().c_str(), span.span_id.to_hex().c_str(),
                    span.parent_span_id.valid() ? span.parent_span_id.to_hex().c_str() : "-",
                    static_cast<int>(span.kind),
                    static_cast<double>(span.end_unix_nanos - span.start_unix_nanos) / 1e6,
                    static_cast<int>(span.status));
      out += line;
      for (const KeyValue& kv : span.attributes) {
        out += ' ';
        out += kv.key;
        out += '=';
        std::visit(
            [&](const auto& v) {
              using T = std::decay_t<decltype(v)>;
              if constexpr (std::is_same_v<T, std::nullptr_t>)
                out += "null";
              else if constexpr (std::is_same_v<T, bool>)
                out += v ? "true" : "false";
              else if constexpr (std::is_same_v<T, std::string>)
                out += v;
              else
                out += std::to_string(v);
            },
            kv.value);
      }
      for (const SpanEvent& event : span.events)
        out += " event=" + event.name;
      out += '\n';
    }
    return detail::write_fd(STDOUT_FILENO, out);
  }
};

class FanOutExporter : public SpanExporter {
public:
  explicit FanOutExporter(std::vector<std::unique_ptr<SpanExporter>> exporters)
      : exporters_(std::move(exporters)) {}

  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    bool all = true;
    for (auto& exporter : exporters_)
      all &= exporter->export_batch(resource, spans);
    return all;
  }
  void cancel() noexcept override {
    for (auto& exporter : exporters_)
      exporter->cancel();
  }
  void shutdown() override {
    for (auto& exporter : exporters_)
      exporter->shutdown();
  }

private:
  std::vector<std::unique_ptr<SpanExporter>> exporters_;
};

std::unique_ptr<SpanExporter> make_named(const std::string& name, const Config& config) {
  if (name == "jsonl")
    return std::make_unique<JsonlExporter>(config.traces.file_path, config.logs);
  if (name == "console")
    return std::make_unique<ConsoleExporter>();
  SpanExporterFactory factory = nullptr;
  {
    std::lock_guard<std::mutex> lock(registry_mutex());
    auto it = registry().find(name);
    if (it != registry().end())
      factory = it->second;
  }
  if (factory != nullptr)
    return factory(config);
  static std::once_flag reported;
  std::call_once(reported, [&] {
    if (name == "otlp" && !config.traces.exporters_chosen)
      std::fprintf(stderr,
                   "telegen: spans go to %s only: OTEL_TRACES_EXPORTER defaults to otlp, but "
                   "telegen::otlp is not linked into this program (link it to export them over "
                   "OTLP, or set OTEL_TRACES_EXPORTER=jsonl to keep the file without this line)\n",
                   config.traces.file_path.c_str());
    else if (name == "otlp")
      std::fprintf(stderr,
                   "telegen: OTEL_TRACES_EXPORTER=otlp, but telegen::otlp is not linked into this "
                   "program; writing spans to %s instead (link telegen::otlp, or set "
                   "OTEL_TRACES_EXPORTER=jsonl)\n",
                   config.traces.file_path.c_str());
    else
      std::fprintf(stderr,
                   "telegen: unknown trace exporter '%s' in OTEL_TRACES_EXPORTER (known: otlp, "
                   "jsonl, console, none); writing spans to %s instead\n",
                   name.c_str(), config.traces.file_path.c_str());
  });
  return std::make_unique<JsonlExporter>(config.traces.file_path, config.logs);
}

struct OtlpFactories {
  detail::LogExporterFactory logs = nullptr;
  detail::MetricExporterFactory metrics = nullptr;
};

OtlpFactories& otlp_factories() {
  static OtlpFactories factories;
  return factories;
}

// The factory, or null after saying once on stderr that telegen::otlp is
// not linked.
template <class Factory>
Factory linked_factory(Factory OtlpFactories::*member, const char* variable, const char* instead) {
  Factory factory;
  {
    std::lock_guard<std::mutex> lock(registry_mutex());
    factory = otlp_factories().*member;
  }
  static std::once_flag reported;
  if (factory == nullptr)
    std::call_once(reported, [&] {
      std::fprintf(stderr,
                   "telegen: %s=otlp, but telegen::otlp is not linked into this program; %s "
                   "(link telegen::otlp)\n",
                   variable, instead);
    });
  return factory;
}

} // namespace

bool register_span_exporter(std::string_view name, SpanExporterFactory factory) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  registry().insert_or_assign(std::string(name), factory);
  return true;
}

namespace detail {

bool register_otlp_exporters(LogExporterFactory logs, MetricExporterFactory metrics) {
  std::lock_guard<std::mutex> lock(registry_mutex());
  otlp_factories() = {logs, metrics};
  return true;
}

std::unique_ptr<LogExporter> make_log_exporter(const Config& config, const Resource& resource) {
  if (!config.logs.export_otlp)
    return nullptr;
  const LogExporterFactory factory = linked_factory(
      &OtlpFactories::logs, "OTEL_LOGS_EXPORTER", "log records go to the log file and stderr only");
  return factory != nullptr ? factory(config, resource) : nullptr;
}

std::unique_ptr<MetricExporter> make_metric_exporter(const Config& config,
                                                     const Resource& resource) {
  if (!config.metrics.export_otlp)
    return nullptr;
  const MetricExporterFactory factory = linked_factory(
      &OtlpFactories::metrics, "OTEL_METRICS_EXPORTER", "metrics are served by /metrics only");
  return factory != nullptr ? factory(config, resource) : nullptr;
}

std::shared_ptr<SpanExporter> make_span_exporter(const Config& config) {
  if (config.traces.exporter)
    return config.traces.exporter;
  std::vector<std::unique_ptr<SpanExporter>> exporters;
  for (const std::string& name : config.traces.exporters)
    exporters.push_back(make_named(name, config));
  if (exporters.empty())
    return nullptr;
  if (exporters.size() == 1)
    return std::move(exporters.front());
  return std::make_shared<FanOutExporter>(std::move(exporters));
}

Resource make_resource(const Config& config) {
  Resource resource;
  resource.attributes.emplace_back("service.name", service_name_or_default(config));
  for (const auto& [key, value] : config.resource_attributes)
    if (key != "service.name")
      resource.attributes.emplace_back(key, value);
  resource.attributes.emplace_back("telemetry.sdk.name", "telegen");
  resource.attributes.emplace_back("telemetry.sdk.language", "cpp");
  resource.attributes.emplace_back("telemetry.sdk.version", TELEGEN_VERSION_STRING);
  return resource;
}

} // namespace detail
} // namespace telegen
