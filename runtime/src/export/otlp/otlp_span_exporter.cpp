// Spans over OTLP/HTTP: each batch the span processor hands over is one
// ExportTraceServiceRequest.
#include "telegen/otlp.hpp"

#include "export/export_counters.hpp"
#include "export/otlp/otlp_http_client.hpp"
#include "export/otlp/otlp_protobuf.hpp"
#include "export/otlp_json.hpp"
#include "metrics/counters.hpp"

#include <algorithm>

namespace telegen {
namespace {

class OtlpSpanExporter : public SpanExporter {
public:
  explicit OtlpSpanExporter(const Config& config)
      : client_(config.traces.otlp, {"spans", "rejectedSpans",
                                     detail::spans_export_failed, detail::spans_rejected}),
        timeout_(std::min(config.traces.otlp.timeout, config.traces.batch.export_timeout)) {}

  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    if (client_.protocol() == OtlpProtocol::http_json) {
      json_.clear();
      detail::append_otlp_json(json_, resource, spans);
      return client_.send(json_, spans.size(), timeout_);
    }
    if (!origin_)
      origin_ = detail::encode_origin(resource);
    protobuf_.clear();
    detail::encode_traces(protobuf_, *origin_, spans);
    return client_.send(protobuf_.view(), spans.size(), timeout_);
  }

  void cancel() noexcept override { client_.cancel(); }

private:
  detail::OtlpHttpClient client_;
  std::chrono::milliseconds timeout_;
  // The resource is the same for every batch of one exporter.
  std::optional<detail::EncodedOrigin> origin_;
  detail::ProtoWriter protobuf_;
  std::string json_;
};

} // namespace

std::unique_ptr<SpanExporter> make_otlp_exporter(const Config& config) {
  return std::make_unique<OtlpSpanExporter>(config);
}

} // namespace telegen
