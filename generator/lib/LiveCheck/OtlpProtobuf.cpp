//===- OtlpProtobuf.cpp - OTLP/HTTP protobuf export requests --------------===//
#include "LiveCheck/OtlpProtobuf.h"

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
namespace common = opentelemetry::proto::common::v1;
namespace metrics = opentelemetry::proto::metrics::v1;

namespace telegen {
namespace livecheck {
namespace {

Value convert(const common::AnyValue &V) {
  Value Out;
  switch (V.value_case()) {
  case common::AnyValue::kStringValue:
    Out.Kind = ValueKind::String;
    Out.Text = V.string_value();
    break;
  case common::AnyValue::kBoolValue:
    Out.Kind = ValueKind::Bool;
    Out.Text = V.bool_value() ? "true" : "false";
    break;
  case common::AnyValue::kIntValue:
    Out.Kind = ValueKind::Int;
    Out.Text = std::to_string(V.int_value());
    break;
  case common::AnyValue::kDoubleValue:
    Out.Kind = ValueKind::Double;
    Out.Text = doubleText(V.double_value());
    break;
  case common::AnyValue::kBytesValue:
    Out.Kind = ValueKind::Bytes;
    break;
  case common::AnyValue::kArrayValue:
    Out.Kind = ValueKind::Array;
    break;
  case common::AnyValue::kKvlistValue:
    Out.Kind = ValueKind::Map;
    break;
  case common::AnyValue::VALUE_NOT_SET:
    break;
  }
  return Out;
}

template <typename KeyValues>
std::vector<Attribute> convert(const KeyValues &From) {
  std::vector<Attribute> Out;
  Out.reserve(From.size());
  for (const common::KeyValue &KV : From)
    Out.push_back({KV.key(), convert(KV.value())});
  return Out;
}

template <typename Points>
std::vector<std::vector<Attribute>> pointAttributes(const Points &From) {
  std::vector<std::vector<Attribute>> Out;
  for (const auto &P : From)
    Out.push_back(convert(P.attributes()));
  return Out;
}

Batch convert(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest
        &Request) {
  Batch Out;
  for (const auto &Resource : Request.resource_spans())
    for (const auto &Scope : Resource.scope_spans())
      for (const auto &Span : Scope.spans())
        Out.Spans.push_back({Span.name(), convert(Span.attributes())});
  return Out;
}

Batch convert(
    const opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest
        &Request) {
  Batch Out;
  for (const auto &Resource : Request.resource_logs())
    for (const auto &Scope : Resource.scope_logs())
      for (const auto &Record : Scope.log_records()) {
        LogRecord R;
        R.TimeUnixNanos = Record.time_unix_nano();
        R.SeverityText = Record.severity_text();
        R.Scope = Scope.scope().name();
        R.Body = convert(Record.body());
        R.Attributes = convert(Record.attributes());
        R.TraceId = toHex(Record.trace_id(), /*LowerCase=*/true);
        R.SpanId = toHex(Record.span_id(), /*LowerCase=*/true);
        Out.Logs.push_back(std::move(R));
      }
  return Out;
}

MetricRecord convert(const metrics::Metric &M) {
  MetricRecord Out;
  Out.Name = M.name();
  switch (M.data_case()) {
  case metrics::Metric::kGauge:
    Out.Kind = MetricKind::Gauge;
    Out.Points = pointAttributes(M.gauge().data_points());
    break;
  case metrics::Metric::kSum:
    Out.Kind = M.sum().is_monotonic() ? MetricKind::MonotonicSum
                                      : MetricKind::NonMonotonicSum;
    Out.Points = pointAttributes(M.sum().data_points());
    break;
  case metrics::Metric::kHistogram:
    Out.Kind = MetricKind::Histogram;
    Out.Points = pointAttributes(M.histogram().data_points());
    break;
  case metrics::Metric::DATA_NOT_SET:
    // Exponential histograms and summaries are not among the definitions
    // compiled in: telegen neither declares nor sends them.
    Out.Kind = MetricKind::Empty;
    break;
  }
  return Out;
}

Batch convert(const opentelemetry::proto::collector::metrics::v1::
                  ExportMetricsServiceRequest &Request) {
  Batch Out;
  for (const auto &Resource : Request.resource_metrics())
    for (const auto &Scope : Resource.scope_metrics())
      for (const metrics::Metric &M : Scope.metrics())
        Out.Metrics.push_back(convert(M));
  return Out;
}

/// What libprotobuf said about the last body this thread could not parse
/// (invalid UTF-8 in a string field, ...): part of the finding, instead of
/// a line on stderr.
thread_local std::string ParseComplaint;

void keepComplaint(google::protobuf::LogLevel, const char *, int,
                   const std::string &Message) {
  ParseComplaint = Message;
}

template <typename Request> Expected<Batch> parse(StringRef Body) {
  static const bool Quiet =
      (google::protobuf::SetLogHandler(keepComplaint), true);
  (void)Quiet;
  ParseComplaint.clear();
  Request R;
  if (Body.size() > static_cast<size_t>(INT32_MAX) ||
      !R.ParseFromArray(Body.data(), static_cast<int>(Body.size()))) {
    std::string Why =
        ParseComplaint.empty()
            ? std::string(" (truncated, or not protobuf)")
            : ": " +
                  StringRef(ParseComplaint).split(" when parsing").first.str();
    return createStringError(inconvertibleErrorCode(),
                             "the body of " + Twine(Body.size()) +
                                 " bytes is not a protobuf " + R.GetTypeName() +
                                 Why);
  }
  return convert(R);
}

} // namespace

Expected<Batch> decodeProtobuf(Signal S, StringRef Body) {
  switch (S) {
  case Signal::Traces:
    return parse<
        opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest>(
        Body);
  case Signal::Logs:
    return parse<
        opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest>(
        Body);
  case Signal::Metrics:
    return parse<opentelemetry::proto::collector::metrics::v1::
                     ExportMetricsServiceRequest>(Body);
  }
  llvm_unreachable("unknown signal");
}

} // namespace livecheck
} // namespace telegen
