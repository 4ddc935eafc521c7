// The OTLP encoders of the three signals, protobuf and JSON, decoded by
// libprotobuf against the OTLP message definitions (support/otlp_decode.hpp)
// and compared with what was encoded: every field, and the JSON the same
// message as the protobuf.
#include "export/otlp/otlp_json_signals.hpp"
#include "export/otlp/otlp_protobuf.hpp"
#include "export/otlp_json.hpp"
#include "telegen/version.hpp"

#include "support/otlp_decode.hpp"
#include "support/sample_span.hpp"

#include <google/protobuf/util/field_comparator.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace telegen::detail {
namespace {

using google::protobuf::util::MessageDifferencer;
using test::decode_json;
using test::decode_protobuf;
using test::hex;
using test::sample_span;
namespace otlp = test::otlp;
namespace common = opentelemetry::proto::common::v1;
namespace metrics = opentelemetry::proto::metrics::v1;

Resource sample_resource() {
  Resource resource;
  resource.attributes = {{"service.name", "orders"}, {"deployment.environment", "prod"}};
  return resource;
}

template <class Message> void expect_same(const Message& json, const Message& protobuf) {
  std::string differences;
  google::protobuf::util::DefaultFieldComparator comparator;
  comparator.set_treat_nan_as_equal(true);
  MessageDifferencer differencer;
  differencer.set_field_comparator(&comparator);
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(json, protobuf)) << differences;
}

otlp::ExportTraceServiceRequest encode_and_decode(const std::vector<SpanData>& spans) {
  const Resource resource = sample_resource();
  ProtoWriter w;
  encode_traces(w, encode_origin(resource), spans);
  auto request = decode_protobuf<otlp::ExportTraceServiceRequest>(w.view());
  std::string json;
  append_otlp_json(json, resource, spans);
  expect_same(decode_json<otlp::ExportTraceServiceRequest>(json), request);
  return request;
}

const common::AnyValue&
value_of(const google::protobuf::RepeatedPtrField<common::KeyValue>& attributes,
         std::string_view key) {
  for (const auto& kv : attributes)
    if (kv.key() == key)
      return kv.value();
  ADD_FAILURE() << "no attribute " << key;
  return common::AnyValue::default_instance();
}

TEST(OtlpTraces, WrapSpansInTheResourceAndTelegensScope) {
  const auto request = encode_and_decode({sample_span()});
  ASSERT_EQ(request.resource_spans_size(), 1);
  const auto& resource_spans = request.resource_spans(0);
  const auto& attributes = resource_spans.resource().attributes();
  ASSERT_EQ(attributes.size(), 2);
  EXPECT_EQ(attributes[0].key(), "service.name");
  EXPECT_EQ(attributes[0].value().string_value(), "orders");
  EXPECT_EQ(attributes[1].value().string_value(), "prod");
  ASSERT_EQ(resource_spans.scope_spans_size(), 1);
  EXPECT_EQ(resource_spans.scope_spans(0).scope().name(), "telegen");
  EXPECT_EQ(resource_spans.scope_spans(0).scope().version(), TELEGEN_VERSION_STRING);
  EXPECT_EQ(resource_spans.scope_spans(0).spans_size(), 1);
}

TEST(OtlpTraces, CarryEveryFieldOfASpan) {
  const auto span = encode_and_decode({sample_span()}).resource_spans(0).scope_spans(0).spans(0);
  EXPECT_EQ(hex(span.trace_id()), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(hex(span.span_id()), "00f067aa0ba902b7");
  EXPECT_EQ(hex(span.parent_span_id()), "b7ad6b7169203331");
  EXPECT_EQ(span.trace_state(), "congo=t61rcWkgMzE");
  EXPECT_EQ(span.name(), "orders.place");
  EXPECT_EQ(span.kind(), opentelemetry::proto::trace::v1::Span::SPAN_KIND_SERVER);
  EXPECT_EQ(span.start_time_unix_nano(), 1700000000123456789u);
  EXPECT_EQ(span.end_time_unix_nano(), 1700000000223456789u);
  // W3C flags, and "has is-remote" (0x100) with "is remote" (0x200).
  EXPECT_EQ(span.flags(), 0x303u);
  EXPECT_EQ(span.status().code(), opentelemetry::proto::trace::v1::Status::STATUS_CODE_ERROR);
  EXPECT_EQ(span.status().message(), "card declined");
  EXPECT_EQ(span.dropped_attributes_count(), 2u);
  ASSERT_EQ(span.events_size(), 1);
  EXPECT_EQ(span.events(0).time_unix_nano(), 1700000000150000000u);
  EXPECT_EQ(span.events(0).name(), "exception");
  EXPECT_EQ(value_of(span.events(0).attributes(), "exception.type").string_value(),
            "std::runtime_error");
  ASSERT_EQ(span.links_size(), 1);
  EXPECT_EQ(hex(span.links(0).trace_id()), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(hex(span.links(0).span_id()), "00f067aa0ba902b8");
  EXPECT_EQ(span.links(0).flags(), 1u);
}

TEST(OtlpTraces, EncodeEachAttributeTypeAsAnAnyValueInOrder) {
  const auto span = encode_and_decode({sample_span()}).resource_spans(0).scope_spans(0).spans(0);
  const auto& attributes = span.attributes();
  ASSERT_EQ(attributes.size(), 7);
  EXPECT_EQ(attributes[0].key(), "s");
  EXPECT_EQ(attributes[6].key(), "n");
  EXPECT_EQ(value_of(attributes, "s").string_value(), "text \"q\" ü");
  EXPECT_EQ(value_of(attributes, "i").int_value(), -9007199254740993);
  EXPECT_EQ(value_of(attributes, "d").double_value(), 2.5);
  EXPECT_TRUE(std::isnan(value_of(attributes, "nan").double_value()));
  EXPECT_EQ(value_of(attributes, "inf").double_value(), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(value_of(attributes, "b").bool_value());
  EXPECT_EQ(value_of(attributes, "n").value_case(), common::AnyValue::VALUE_NOT_SET);
}

TEST(OtlpTraces, LeaveOutTheParentOfARootAndMarkItLocal) {
  SpanData root = sample_span();
  root.parent_span_id = {};
  root.parent_remote = false;
  root.trace_state.clear();
  root.status = StatusCode::unset;
  root.status_message.clear();
  const auto span = encode_and_decode({root}).resource_spans(0).scope_spans(0).spans(0);
  EXPECT_EQ(span.parent_span_id(), "");
  EXPECT_EQ(span.trace_state(), "");
  EXPECT_EQ(span.flags(), 0x103u);
  EXPECT_EQ(span.status().code(), opentelemetry::proto::trace::v1::Status::STATUS_CODE_UNSET);
}

TEST(OtlpTraces, ReplaceBytesThatAreNotUtf8) {
  SpanData span = sample_span();
  span.attributes = {{"bad", std::string("a\xff"
                                         "b")}};
  const auto decoded = encode_and_decode({span}).resource_spans(0).scope_spans(0).spans(0);
  EXPECT_EQ(value_of(decoded.attributes(), "bad").string_value(), "a\xEF\xBF\xBD"
                                                                  "b");
}

TEST(OtlpTraces, KeepManySpansInOrderPastTheWritersFirstBuffer) {
  std::vector<SpanData> spans(400, sample_span());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    spans[i].span_id.value = i + 1;
    spans[i].attributes.push_back({"index", static_cast<std::int64_t>(i)});
    spans[i].attributes.push_back({"padding", std::string(i % 700, 'x')});
  }
  const auto request = encode_and_decode(spans);
  const auto& decoded = request.resource_spans(0).scope_spans(0).spans();
  ASSERT_EQ(decoded.size(), 400);
  for (int i = 0; i < decoded.size(); ++i) {
    EXPECT_EQ(value_of(decoded[i].attributes(), "index").int_value(), i);
    EXPECT_EQ(value_of(decoded[i].attributes(), "padding").string_value().size(),
              static_cast<std::size_t>(i % 700));
  }
}

// ---- logs ----------------------------------------------------------------

struct LogSample {
  LogView view;
  std::string request_id = "req-1";

  LogSample() {
    view.unix_nanos = 1700000000123456789u;
    view.level = Level::warning;
    view.logger = "resilience";
    view.event = "retry_attempt";
    view.function = "charge";
    view.file = "src/payments.cpp";
    view.line = 88;
    view.request_id = request_id;
    view.trace_id = *TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
    view.span_id = *SpanId::from_hex("00f067aa0ba902b7");
    view.trace_flags = trace_flags::sampled;
    view.fields = {{"dependency", std::string_view("payments")},
                   {"attempt", 2},
                   {"big", std::uint64_t{18446744073709551615u}},
                   {"ratio", 0.5},
                   {"final", false},
                   {"error", AttributeValue()},
                   {"password", std::string_view("hunter2")},
                   {"request_id", std::string_view("field value")},
                   {"attempt", 3}};
  }
};

otlp::ExportLogsServiceRequest encode_and_decode(const std::vector<LogView>& records) {
  SensitiveKeys sensitive;
  std::vector<Attribute> scratch;
  std::vector<std::string> protobuf_records;
  std::vector<std::string> json_records;
  for (const LogView& record : records) {
    ProtoWriter w;
    encode_log_record(w, record, sensitive, scratch);
    protobuf_records.emplace_back(w.view());
    json_records.emplace_back();
    append_otlp_json_log_record(json_records.back(), record, sensitive, scratch);
  }
  const auto runs_of = [&](const std::vector<std::string>& encoded) {
    std::vector<LogRun> runs;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (runs.empty() || runs.back().logger != records[i].logger)
        runs.push_back({records[i].logger, {}});
      runs.back().records.push_back(encoded[i]);
    }
    return runs;
  };
  const Resource resource = sample_resource();
  ProtoWriter w;
  encode_logs(w, encode_origin(resource), runs_of(protobuf_records));
  auto request = decode_protobuf<otlp::ExportLogsServiceRequest>(w.view());
  std::string json;
  append_otlp_json_logs(json, resource, runs_of(json_records));
  expect_same(decode_json<otlp::ExportLogsServiceRequest>(json), request);
  return request;
}

TEST(OtlpLogs, CarryEveryPartOfARecord) {
  const LogSample sample;
  const auto request = encode_and_decode({sample.view});
  ASSERT_EQ(request.resource_logs_size(), 1);
  EXPECT_EQ(request.resource_logs(0).resource().attributes(0).value().string_value(), "orders");
  ASSERT_EQ(request.resource_logs(0).scope_logs_size(), 1);
  const auto& scope_logs = request.resource_logs(0).scope_logs(0);
  EXPECT_EQ(scope_logs.scope().name(), "resilience") << "the logger is the scope";
  ASSERT_EQ(scope_logs.log_records_size(), 1);
  const auto& record = scope_logs.log_records(0);
  EXPECT_EQ(record.time_unix_nano(), 1700000000123456789u);
  EXPECT_EQ(record.observed_time_unix_nano(), 1700000000123456789u);
  EXPECT_EQ(record.severity_number(), opentelemetry::proto::logs::v1::SEVERITY_NUMBER_WARN);
  EXPECT_EQ(record.severity_text(), "WARNING");
  EXPECT_EQ(record.body().string_value(), "retry_attempt");
  EXPECT_EQ(hex(record.trace_id()), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(hex(record.span_id()), "00f067aa0ba902b7");
  EXPECT_EQ(record.flags(), 1u);
}

TEST(OtlpLogs, TypeTheFieldsAndNameTheCodeLocation) {
  const LogSample sample;
  const auto record =
      encode_and_decode({sample.view}).resource_logs(0).scope_logs(0).log_records(0);
  std::vector<std::string> keys;
  for (const auto& kv : record.attributes())
    keys.push_back(kv.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{"code.function.name", "code.file.path", "code.line.number",
                                      "request_id", "dependency", "attempt", "big", "ratio",
                                      "final", "error", "password", "field_request_id"}));
  const auto& attributes = record.attributes();
  EXPECT_EQ(value_of(attributes, "code.function.name").string_value(), "charge");
  EXPECT_EQ(value_of(attributes, "code.file.path").string_value(), "src/payments.cpp");
  EXPECT_EQ(value_of(attributes, "code.line.number").int_value(), 88);
  EXPECT_EQ(value_of(attributes, "request_id").string_value(), "req-1");
  EXPECT_EQ(value_of(attributes, "dependency").string_value(), "payments");
  EXPECT_EQ(value_of(attributes, "attempt").int_value(), 3) << "the last of a repeated key";
  EXPECT_EQ(value_of(attributes, "big").string_value(), "18446744073709551615");
  EXPECT_EQ(value_of(attributes, "ratio").double_value(), 0.5);
  EXPECT_FALSE(value_of(attributes, "final").bool_value());
  EXPECT_EQ(value_of(attributes, "final").value_case(), common::AnyValue::kBoolValue);
  EXPECT_EQ(value_of(attributes, "error").value_case(), common::AnyValue::VALUE_NOT_SET);
  EXPECT_EQ(value_of(attributes, "password").string_value(), "[REDACTED]");
  EXPECT_EQ(value_of(attributes, "field_request_id").string_value(), "field value");
}

TEST(OtlpLogs, MapEveryLevelToItsSeverityAndLeaveOutAnAbsentTrace) {
  using opentelemetry::proto::logs::v1::SeverityNumber;
  const std::pair<Level, SeverityNumber> levels[] = {
      {Level::debug, opentelemetry::proto::logs::v1::SEVERITY_NUMBER_DEBUG},
      {Level::info, opentelemetry::proto::logs::v1::SEVERITY_NUMBER_INFO},
      {Level::warning, opentelemetry::proto::logs::v1::SEVERITY_NUMBER_WARN},
      {Level::error, opentelemetry::proto::logs::v1::SEVERITY_NUMBER_ERROR},
      {Level::critical, opentelemetry::proto::logs::v1::SEVERITY_NUMBER_FATAL}};
  std::vector<LogView> records;
  for (const auto& [level, severity] : levels) {
    LogView view;
    view.unix_nanos = 1;
    view.level = level;
    view.logger = "app";
    view.event = "started";
    records.push_back(view);
  }
  const auto request = encode_and_decode(records);
  const auto& decoded = request.resource_logs(0).scope_logs(0).log_records();
  ASSERT_EQ(decoded.size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(decoded[i].severity_number(), levels[i].second);
    EXPECT_EQ(decoded[i].severity_text(), to_string(levels[i].first));
    EXPECT_EQ(decoded[i].trace_id(), "");
    EXPECT_EQ(decoded[i].span_id(), "");
    EXPECT_EQ(decoded[i].attributes_size(), 0) << "no location, no request id, no fields";
  }
}

TEST(OtlpLogs, GroupConsecutiveRecordsOfALoggerIntoOneScope) {
  LogSample a, b, c;
  b.view.logger = "payments";
  const auto request = encode_and_decode({a.view, a.view, b.view, c.view});
  const auto& scopes = request.resource_logs(0).scope_logs();
  ASSERT_EQ(scopes.size(), 3);
  EXPECT_EQ(scopes[0].scope().name(), "resilience");
  EXPECT_EQ(scopes[0].log_records_size(), 2);
  EXPECT_EQ(scopes[1].scope().name(), "payments");
  EXPECT_EQ(scopes[2].scope().name(), "resilience");
}

// ---- metrics -------------------------------------------------------------

std::vector<FamilySnapshot> sample_families() {
  FamilySnapshot counter;
  counter.name = "http_requests_total";
  counter.help = "Requests served.";
  counter.type = MetricType::counter;
  counter.label_names = {"method", "route"};
  counter.created = 1700000000.25;
  counter.series = {{{"GET", "/orders"}, 7, 0, {}}, {{"POST", "/orders"}, 3, 0, {}}};

  FamilySnapshot gauge;
  gauge.name = "circuit_breaker_state";
  gauge.type = MetricType::gauge;
  gauge.label_names = {"dependency"};
  gauge.created = 1700000001;
  gauge.series = {{{"payments"}, 0, 2, {}}};

  FamilySnapshot histogram;
  histogram.name = "http_request_duration_seconds";
  histogram.help = "Request latency.";
  histogram.unit = "seconds";
  histogram.type = MetricType::histogram;
  histogram.bounds = {0.1, 0.5, 1};
  histogram.created = 1700000002;
  histogram.series = {{{}, 10, 4.5, {2, 6, 9, 10}}};
  return {counter, gauge, histogram};
}

otlp::ExportMetricsServiceRequest encode_and_decode(const std::vector<FamilySnapshot>& families,
                                                    std::uint64_t now) {
  const Resource resource = sample_resource();
  ProtoWriter w;
  encode_metrics(w, encode_origin(resource), families, now);
  auto request = decode_protobuf<otlp::ExportMetricsServiceRequest>(w.view());
  std::string json;
  append_otlp_json_metrics(json, resource, families, now);
  expect_same(decode_json<otlp::ExportMetricsServiceRequest>(json), request);
  return request;
}

constexpr std::uint64_t now = 1700000100000000000u;

TEST(OtlpMetrics, SendCountersAsCumulativeMonotonicSums) {
  const auto request = encode_and_decode(sample_families(), now);
  ASSERT_EQ(request.resource_metrics_size(), 1);
  const auto& scope_metrics = request.resource_metrics(0).scope_metrics(0);
  EXPECT_EQ(scope_metrics.scope().name(), "telegen");
  ASSERT_EQ(scope_metrics.metrics_size(), 3);
  const auto& metric = scope_metrics.metrics(0);
  EXPECT_EQ(metric.name(), "http_requests") << "the Collector's Prometheus exporter adds _total";
  EXPECT_EQ(metric.description(), "Requests served.");
  ASSERT_TRUE(metric.has_sum());
  EXPECT_TRUE(metric.sum().is_monotonic());
  EXPECT_EQ(metric.sum().aggregation_temporality(), metrics::AGGREGATION_TEMPORALITY_CUMULATIVE);
  ASSERT_EQ(metric.sum().data_points_size(), 2);
  const auto& point = metric.sum().data_points(1);
  EXPECT_EQ(point.as_int(), 3);
  EXPECT_EQ(point.start_time_unix_nano(), 1700000000250000000u);
  EXPECT_EQ(point.time_unix_nano(), now);
  ASSERT_EQ(point.attributes_size(), 2);
  EXPECT_EQ(point.attributes(0).key(), "method");
  EXPECT_EQ(point.attributes(0).value().string_value(), "POST");
  EXPECT_EQ(point.attributes(1).key(), "route");
  EXPECT_EQ(point.attributes(1).value().string_value(), "/orders");
}

TEST(OtlpMetrics, SendGaugesAsDoubles) {
  const auto metric =
      encode_and_decode(sample_families(), now).resource_metrics(0).scope_metrics(0).metrics(1);
  EXPECT_EQ(metric.name(), "circuit_breaker_state");
  ASSERT_TRUE(metric.has_gauge());
  ASSERT_EQ(metric.gauge().data_points_size(), 1);
  EXPECT_EQ(metric.gauge().data_points(0).as_double(), 2.0);
  EXPECT_EQ(metric.gauge().data_points(0).attributes(0).value().string_value(), "payments");
}

TEST(OtlpMetrics, SendHistogramsWithBoundsPerBucketCountsAndTheUnitInUcum) {
  const auto metric =
      encode_and_decode(sample_families(), now).resource_metrics(0).scope_metrics(0).metrics(2);
  EXPECT_EQ(metric.name(), "http_request_duration_seconds");
  EXPECT_EQ(metric.unit(), "s");
  ASSERT_TRUE(metric.has_histogram());
  EXPECT_EQ(metric.histogram().aggregation_temporality(),
            metrics::AGGREGATION_TEMPORALITY_CUMULATIVE);
  const auto& point = metric.histogram().data_points(0);
  EXPECT_EQ(point.count(), 10u);
  EXPECT_EQ(point.sum(), 4.5);
  EXPECT_EQ(std::vector<double>(point.explicit_bounds().begin(), point.explicit_bounds().end()),
            (std::vector<double>{0.1, 0.5, 1}));
  EXPECT_EQ(std::vector<std::uint64_t>(point.bucket_counts().begin(), point.bucket_counts().end()),
            (std::vector<std::uint64_t>{2, 4, 3, 1}))
      << "OTLP counts each bucket alone; the +Inf bucket last";
  EXPECT_EQ(point.start_time_unix_nano(), 1700000002000000000u);
  EXPECT_EQ(point.attributes_size(), 0);
}

TEST(OtlpMetrics, SendFractionalCountersAsDoubleSums) {
  FamilySnapshot cpu;
  cpu.name = "process_cpu_seconds_total";
  cpu.unit = "seconds";
  cpu.type = MetricType::counter;
  cpu.float_total = true;
  cpu.series = {{{}, 0, 0.25, {}}};
  const auto metric = encode_and_decode({cpu}, now).resource_metrics(0).scope_metrics(0).metrics(0);
  EXPECT_EQ(metric.name(), "process_cpu_seconds");
  ASSERT_TRUE(metric.has_sum());
  EXPECT_TRUE(metric.sum().is_monotonic());
  ASSERT_EQ(metric.sum().data_points_size(), 1);
  const auto& point = metric.sum().data_points(0);
  EXPECT_EQ(point.value_case(), metrics::NumberDataPoint::kAsDouble);
  EXPECT_EQ(point.as_double(), 0.25);
}

TEST(OtlpMetrics, SendAFamilyWithoutSeriesAsAMetricWithoutPoints) {
  std::vector<FamilySnapshot> families = sample_families();
  families[0].series.clear();
  const auto metric =
      encode_and_decode(families, now).resource_metrics(0).scope_metrics(0).metrics(0);
  EXPECT_TRUE(metric.has_sum());
  EXPECT_EQ(metric.sum().data_points_size(), 0);
}

} // namespace
} // namespace telegen::detail
