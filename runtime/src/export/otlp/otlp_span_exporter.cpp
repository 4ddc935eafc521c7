// Spans over OTLP/HTTP. The span processor hands each span over as its
// queued record (protobuf, when the encoder takes it) or as it decodes it
// (SpanViewExporter), and it is encoded into the request at once; a batch
// of SpanData (from code that calls export_batch) is one request too.
#include "telegen/otlp.hpp"

#include "export/export_counters.hpp"
#include "export/otlp/otlp_http_client.hpp"
#include "export/otlp/otlp_protobuf.hpp"
#include "export/otlp_json.hpp"
#include "metrics/counters.hpp"
#include "trace/span_view_exporter.hpp"

#include <algorithm>
#include <optional>

namespace telegen {
namespace {

class OtlpSpanExporter : public SpanExporter, public detail::SpanViewExporter {
public:
  explicit OtlpSpanExporter(const Config& config)
      : client_(config.traces.otlp,
                {"spans", "rejectedSpans", detail::spans_export_failed, detail::spans_rejected}),
        json_(config.traces.otlp.protocol == OtlpProtocol::http_json),
        timeout_(std::min(config.traces.otlp.timeout, config.traces.batch.export_timeout)) {}

  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    return detail::export_as_views(*this, resource, spans);
  }

  void add(const detail::SpanView& span) override {
    if (json_) {
      json_batch_.add(span);
    } else {
      encoder_.add_span(protobuf_, span);
    }
  }

  bool add_record(const std::byte* record, std::size_t size,
                  const detail::TickConverter& clock) override {
    return !json_ && encoder_.add_record(protobuf_, record, size, clock);
  }

  bool send_batch(const Resource& resource, std::size_t count) override {
    if (json_) {
      request_json_.clear();
      json_batch_.finish(request_json_, resource);
      return client_.send(request_json_, count, timeout_);
    }
    // The resource is the same for every batch of one exporter.
    if (!origin_)
      origin_ = detail::encode_origin(resource);
    encoder_.finish_traces(protobuf_, *origin_);
    // Cleared whatever happens, so no span is sent twice.
    struct ClearAfter {
      detail::ProtoWriter& w;
      ~ClearAfter() { w.clear(); }
    } clear_after{protobuf_};
    return client_.send(protobuf_.view(), count, timeout_);
  }

  void discard_batch() override {
    json_batch_.clear();
    protobuf_.clear();
  }

  void cancel() noexcept override { client_.cancel(); }

private:
  detail::OtlpHttpClient client_;
  bool json_;
  std::chrono::milliseconds timeout_;
  std::optional<detail::EncodedOrigin> origin_;
  detail::TraceEncoder encoder_;
  detail::ProtoWriter protobuf_;
  detail::OtlpJsonSpanBatch json_batch_;
  std::string request_json_;
};

} // namespace

std::unique_ptr<SpanExporter> make_otlp_exporter(const Config& config) {
  return std::make_unique<OtlpSpanExporter>(config);
}

} // namespace telegen
