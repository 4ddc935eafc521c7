// Log-record and metric exporters for the runtime's tests (the OTLP ones
// live in telegen::otlp, which these tests do not link): each delivery
// appends lines to a file, so a test can read what was exported, also by a
// forked child. Registered in place of telegen::otlp's by
// use_line_exporters().
#pragma once

#include "export/signal_exporters.hpp"

#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <string>

namespace telegen::test {

// Where the exporters write, and an optional gate that holds every log
// delivery until opened. Set before telegen starts.
struct LineExporterSettings {
  std::string path;
  std::mutex mutex;
  std::condition_variable opened;
  bool gate_closed = false;

  void close_gate() {
    std::lock_guard<std::mutex> lock(mutex);
    gate_closed = true;
  }
  void open_gate() {
    std::lock_guard<std::mutex> lock(mutex);
    gate_closed = false;
    opened.notify_all();
  }
};

// Never destroyed: a forked child's exporters still run at its exit, after
// static destructors would have freed the path.
inline LineExporterSettings& line_exporter_settings() {
  static LineExporterSettings* settings = new LineExporterSettings;
  return *settings;
}

// "log <pid> <logger> <event>" per record.
class LineLogExporter : public detail::LogExporter {
public:
  void encode(const detail::LogView& record, detail::EncodedLogs& batch) override {
    batch.add(record.logger, [&](std::string& out) { out.append(record.event); });
  }
  bool export_batch(const detail::EncodedLogs& batch) override {
    LineExporterSettings& settings = line_exporter_settings();
    std::unique_lock<std::mutex> lock(settings.mutex);
    settings.opened.wait(lock, [&] { return !settings.gate_closed; });
    std::ofstream out(settings.path, std::ios::app);
    for (std::size_t i = 0; i < batch.size(); ++i)
      out << "log " << getpid() << ' ' << batch[i].logger << ' ' << batch[i].bytes << '\n';
    return true;
  }
};

// "metrics <pid> <families>" per push.
class LineMetricExporter : public detail::MetricExporter {
public:
  bool export_metrics(const std::vector<detail::FamilySnapshot>& families, std::uint64_t,
                      std::chrono::milliseconds) override {
    LineExporterSettings& settings = line_exporter_settings();
    std::lock_guard<std::mutex> lock(settings.mutex);
    std::ofstream(settings.path, std::ios::app)
        << "metrics " << getpid() << ' ' << families.size() << '\n';
    return true;
  }
};

inline void use_line_exporters(const std::string& path) {
  line_exporter_settings().path = path;
  detail::register_otlp_exporters(
      [](const Config&, const Resource&) -> std::unique_ptr<detail::LogExporter> {
        return std::make_unique<LineLogExporter>();
      },
      [](const Config&, const Resource&) -> std::unique_ptr<detail::MetricExporter> {
        return std::make_unique<LineMetricExporter>();
      });
}

} // namespace telegen::test
