// The exporters of log records and metrics (telegen::otlp provides them;
// spans' SpanExporter is public, in telegen/exporter.hpp). The threads that
// call them are the runtime's: log_batch_processor.hpp, metric_reader.hpp.
#pragma once

#include "log/log_format.hpp"
#include "metrics/metric_snapshot.hpp"
#include "telegen/config.hpp"
#include "telegen/exporter.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// Log records encoded as their exporter sends them, each with its logger.
// Reused from batch to batch.
class EncodedLogs {
public:
  struct Record {
    std::string_view bytes;
    std::string_view logger;
  };

  // Appends a record: `encode(std::string&)` appends its bytes.
  template <class Encode> void add(std::string_view logger, Encode&& encode) {
    const std::size_t start = bytes_.size();
    bytes_.append(logger);
    const std::size_t record_start = bytes_.size();
    encode(bytes_);
    spans_.push_back({start, record_start, bytes_.size()});
  }
  std::size_t size() const noexcept { return spans_.size(); }
  bool empty() const noexcept { return spans_.empty(); }
  Record operator[](std::size_t i) const noexcept {
    const Span& s = spans_[i];
    return {std::string_view(bytes_).substr(s.record, s.end - s.record),
            std::string_view(bytes_).substr(s.logger, s.record - s.logger)};
  }
  void clear() noexcept {
    bytes_.clear();
    spans_.clear();
  }

private:
  struct Span {
    std::size_t logger, record, end; // offsets into bytes_
  };
  std::string bytes_;
  std::vector<Span> spans_;
};

class LogExporter {
public:
  virtual ~LogExporter() = default;
  // Log writer thread: appends `record`, encoded, to `batch`.
  virtual void encode(const LogView& record, EncodedLogs& batch) = 0;
  // Export thread: delivers a batch. False when it could not; the caller
  // counts its records as failed. May block up to the exporter's timeout.
  virtual bool export_batch(const EncodedLogs& batch) = 0;
  // Any thread, at shutdown's deadline: make an export in progress, and
  // every later one, give up.
  virtual void cancel() noexcept {}
};

class MetricExporter {
public:
  virtual ~MetricExporter() = default;
  // Metric thread: delivers every family's series as of `now_unix_nanos`.
  // False when it could not. May block up to `timeout`.
  virtual bool export_metrics(const std::vector<FamilySnapshot>& families,
                              std::uint64_t now_unix_nanos, std::chrono::milliseconds timeout) = 0;
  // As LogExporter::cancel.
  virtual void cancel() noexcept {}
};

using LogExporterFactory = std::unique_ptr<LogExporter> (*)(const Config&, const Resource&);
using MetricExporterFactory = std::unique_ptr<MetricExporter> (*)(const Config&, const Resource&);

// telegen::otlp registers its exporters of log records and metrics here
// when it is linked. Thread-safe; returns true (to initialize a constant).
bool register_otlp_exporters(LogExporterFactory logs, MetricExporterFactory metrics);

// The exporters config.logs.export_otlp and config.metrics.export_otlp ask
// for, or null. When asked for but telegen::otlp is not linked, says so
// once on stderr and returns null.
std::unique_ptr<LogExporter> make_log_exporter(const Config& config, const Resource& resource);
std::unique_ptr<MetricExporter> make_metric_exporter(const Config& config,
                                                     const Resource& resource);

} // namespace telegen::detail
