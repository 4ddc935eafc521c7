// Log records over OTLP/HTTP: encoded one by one on the log writer thread,
// joined into ExportLogsServiceRequests on the export thread.
#include "export/export_counters.hpp"
#include "export/otlp/otlp_exporters.hpp"
#include "export/otlp/otlp_http_client.hpp"
#include "export/otlp/otlp_json_signals.hpp"
#include "export/otlp/otlp_protobuf.hpp"

namespace telegen::detail {
namespace {

class OtlpLogExporter : public LogExporter {
public:
  OtlpLogExporter(const Config& config, const Resource& resource)
      : client_(config.logs.otlp, {"log records", "rejectedLogRecords", log_records_export_failed,
                                   log_records_rejected}),
        timeout_(std::min(config.logs.otlp.timeout, config.logs.batch.export_timeout)),
        resource_(resource), origin_(encode_origin(resource)) {}

  void encode(const LogView& record, EncodedLogs& batch) override {
    batch.add(record.logger, [&](std::string& out) {
      if (client_.protocol() == OtlpProtocol::http_json) {
        append_otlp_json_log_record(out, record, sensitive_, attributes_);
        return;
      }
      record_.clear();
      encode_log_record(record_, record, sensitive_, attributes_);
      out.append(record_.view());
    });
  }

  bool export_batch(const EncodedLogs& batch) override {
    runs_.clear();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const EncodedLogs::Record record = batch[i];
      if (runs_.empty() || runs_.back().logger != record.logger)
        runs_.push_back({record.logger, {}});
      runs_.back().records.push_back(record.bytes);
    }
    return client_.send(
        bodies_, batch.size(), timeout_,
        [&](std::string& json) { append_otlp_json_logs(json, resource_, runs_); },
        [&](ProtoWriter& protobuf) { encode_logs(protobuf, origin_, runs_); });
  }

  void cancel() noexcept override { client_.cancel(); }

private:
  OtlpHttpClient client_;
  std::chrono::milliseconds timeout_;
  Resource resource_;
  EncodedOrigin origin_;
  // The log writer thread's.
  SensitiveKeys sensitive_;
  std::vector<Attribute> attributes_;
  ProtoWriter record_;
  // The export thread's.
  std::vector<LogRun> runs_;
  OtlpHttpClient::Bodies bodies_;
};

} // namespace

std::unique_ptr<LogExporter> make_otlp_log_exporter(const Config& config,
                                                    const Resource& resource) {
  return std::make_unique<OtlpLogExporter>(config, resource);
}

} // namespace telegen::detail
