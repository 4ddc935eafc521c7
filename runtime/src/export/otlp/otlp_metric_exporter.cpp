// Metrics over OTLP/HTTP: every push is one ExportMetricsServiceRequest
// with every series.
#include "export/export_counters.hpp"
#include "export/otlp/otlp_exporters.hpp"
#include "export/otlp/otlp_http_client.hpp"
#include "export/otlp/otlp_json_signals.hpp"
#include "export/otlp/otlp_protobuf.hpp"

#include <numeric>

namespace telegen::detail {
namespace {

class OtlpMetricExporter : public MetricExporter {
public:
  OtlpMetricExporter(const Config& config, const Resource& resource)
      : client_(config.metrics.otlp, {"data points", "rejectedDataPoints", metric_exports_failed,
                                      metric_points_rejected}),
        otlp_timeout_(config.metrics.otlp.timeout), resource_(resource),
        origin_(encode_origin(resource)) {}

  bool export_metrics(const std::vector<FamilySnapshot>& families, std::uint64_t now_unix_nanos,
                      std::chrono::milliseconds timeout) override {
    const std::size_t points = std::accumulate(
        families.begin(), families.end(), std::size_t{0},
        [](std::size_t n, const FamilySnapshot& family) { return n + family.series.size(); });
    return client_.send(
        bodies_, points, std::min(timeout, otlp_timeout_),
        [&](std::string& json) {
          append_otlp_json_metrics(json, resource_, families, now_unix_nanos);
        },
        [&](ProtoWriter& protobuf) {
          encode_metrics(protobuf, origin_, families, now_unix_nanos);
        });
  }

  void cancel() noexcept override { client_.cancel(); }

private:
  OtlpHttpClient client_;
  std::chrono::milliseconds otlp_timeout_;
  Resource resource_;
  EncodedOrigin origin_;
  OtlpHttpClient::Bodies bodies_;
};

} // namespace

std::unique_ptr<MetricExporter> make_otlp_metric_exporter(const Config& config,
                                                          const Resource& resource) {
  return std::make_unique<OtlpMetricExporter>(config, resource);
}

} // namespace telegen::detail
