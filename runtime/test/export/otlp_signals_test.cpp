// Logs and metrics over OTLP/HTTP from a running telegen to a receiver on
// loopback, each request decoded by libprotobuf against the OTLP message
// definitions and compared with what the program recorded.
#include "telegen/log.hpp"
#include "telegen/metrics.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "export/export_counters.hpp"

#include "support/otlp_decode.hpp"
#include "support/otlp_receiver.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
namespace otlp = test::otlp;
namespace common = opentelemetry::proto::common::v1;
namespace logs = opentelemetry::proto::logs::v1;

constexpr detail::SpanSite handle_site{"orders.handle", SpanKind::server, "handle", "o.cpp", 7};
constexpr std::string_view retry_fields[] = {"dependency", "attempt", "error"};
constexpr detail::EventSite retry_site{
    Level::warning, "resilience", "retry_attempt", "charge", 88, "src/payments.cpp", retry_fields};

const common::AnyValue& value_of(const google::protobuf::RepeatedPtrField<common::KeyValue>& kvs,
                                 std::string_view key) {
  for (const auto& kv : kvs)
    if (kv.key() == key)
      return kv.value();
  ADD_FAILURE() << "no attribute " << key;
  return common::AnyValue::default_instance();
}

class OtlpSignalsTest : public test::TelemetryTest {
protected:
  // Every LogRecord received, with its scope's name, in order.
  std::vector<std::pair<std::string, logs::LogRecord>> log_records(bool json = false) {
    std::vector<std::pair<std::string, logs::LogRecord>> records;
    for (const test::Received& r : receiver_.received("/v1/logs")) {
      const auto request = json ? test::decode_json<otlp::ExportLogsServiceRequest>(r.body)
                                : test::decode_protobuf<otlp::ExportLogsServiceRequest>(r.body);
      for (const auto& resource_logs : request.resource_logs()) {
        EXPECT_EQ(resource_logs.resource().attributes(0).key(), "service.name");
        EXPECT_EQ(resource_logs.resource().attributes(0).value().string_value(), "telegen-test");
        for (const auto& scope_logs : resource_logs.scope_logs())
          for (const auto& record : scope_logs.log_records())
            if (scope_logs.scope().name() != "telegen") // the lifecycle records
              records.emplace_back(scope_logs.scope().name(), record);
      }
    }
    return records;
  }

  test::OtlpReceiver receiver_;
};

TEST_F(OtlpSignalsTest, LogRecordsAndResilienceEventsArriveWithTheirSpan) {
  config_.logs.export_otlp = true;
  config_.logs.otlp.endpoint = receiver_.url("/v1/logs");
  start();
  std::string trace_id, span_id;
  std::uint8_t flags = 0;
  std::int64_t line = 0;
  {
    SpanGuard span(handle_site);
    trace_id = span.context().trace_id.to_hex();
    span_id = span.context().span_id.to_hex();
    flags = span.context().flags;
    line = __LINE__ + 1;
    log(Level::error, "payments", "charge_failed",
        {{"amount", 12.5}, {"attempts", 3}, {"card_token", "tok_1"}, {"final", true}});
    detail::emit_log(retry_site, {"payments", 2, "connection reset"});
  }
  log(Level::info, "orders", "outside_any_span", {});
  ASSERT_TRUE(telegen::force_flush(10s));
  const auto records = log_records();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(receiver_.received("/v1/logs")[0].content_type, "application/x-protobuf");

  const auto& [payments, charge] = records[0];
  EXPECT_EQ(payments, "payments");
  EXPECT_EQ(charge.body().string_value(), "charge_failed");
  EXPECT_EQ(charge.severity_number(), logs::SEVERITY_NUMBER_ERROR);
  EXPECT_EQ(charge.severity_text(), "ERROR");
  EXPECT_EQ(test::hex(charge.trace_id()), trace_id);
  EXPECT_EQ(test::hex(charge.span_id()), span_id);
  EXPECT_EQ(charge.flags(), flags);
  EXPECT_EQ(charge.flags() & 1, 1u) << "sampled";
  EXPECT_GT(charge.time_unix_nano(), 1600000000000000000u);
  EXPECT_EQ(charge.observed_time_unix_nano(), charge.time_unix_nano());
  EXPECT_EQ(value_of(charge.attributes(), "amount").double_value(), 12.5);
  EXPECT_EQ(value_of(charge.attributes(), "attempts").int_value(), 3);
  EXPECT_EQ(value_of(charge.attributes(), "card_token").string_value(), "[REDACTED]");
  EXPECT_TRUE(value_of(charge.attributes(), "final").bool_value());
  EXPECT_EQ(value_of(charge.attributes(), "code.line.number").int_value(), line);

  const auto& [resilience, retry] = records[1];
  EXPECT_EQ(resilience, "resilience");
  EXPECT_EQ(retry.body().string_value(), "retry_attempt");
  EXPECT_EQ(retry.severity_number(), logs::SEVERITY_NUMBER_WARN);
  EXPECT_EQ(test::hex(retry.span_id()), span_id);
  EXPECT_EQ(value_of(retry.attributes(), "dependency").string_value(), "payments");
  EXPECT_EQ(value_of(retry.attributes(), "attempt").int_value(), 2);
  EXPECT_EQ(value_of(retry.attributes(), "error").string_value(), "connection reset");
  EXPECT_EQ(value_of(retry.attributes(), "code.function.name").string_value(), "charge");

  EXPECT_EQ(records[2].second.trace_id(), "") << "no span, no trace id";
  EXPECT_EQ(records[2].second.flags(), 0u);
}

TEST_F(OtlpSignalsTest, LogRecordsAsOtlpJson) {
  config_.logs.export_otlp = true;
  config_.logs.otlp.endpoint = receiver_.url("/v1/logs");
  config_.logs.otlp.protocol = OtlpProtocol::http_json;
  start();
  detail::emit_log(retry_site, {"payments", 2, "connection reset"});
  ASSERT_TRUE(telegen::force_flush(10s));
  EXPECT_EQ(receiver_.received("/v1/logs").at(0).content_type, "application/json");
  const auto records = log_records(/*json=*/true);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(value_of(records[0].second.attributes(), "attempt").int_value(), 2);
}

TEST_F(OtlpSignalsTest, ShutdownSendsEachSignalWhileAnotherWaitsOnItsReceiver) {
  test::OtlpReceiver slow_logs([](int, httplib::Response&) {
    std::this_thread::sleep_for(1500ms); // longer than curl takes to notice a cancel
  });
  config_.traces.exporters = {"otlp"};
  config_.traces.otlp.endpoint = test::closed_url("/v1/traces");
  config_.traces.otlp.timeout = std::chrono::minutes(1);
  config_.logs.export_otlp = true;
  config_.logs.otlp.endpoint = slow_logs.url("/v1/logs");
  config_.logs.batch.schedule_delay = std::chrono::minutes(1);
  telegen::start(config_); // the OTLP span exporter, not the fixture's
  testing::internal::CaptureStderr();
  {
    SpanGuard span(handle_site);
    log(Level::info, "orders", "placed", {});
  }
  // The span is retried against a receiver that is not there until the
  // deadline; the log record goes out meanwhile, not after it.
  const std::uint64_t delivered = detail::log_records_exported.value();
  telegen::shutdown(4s);
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(slow_logs.received("/v1/logs").size(), 1u);
  // The record, with service_started, configuration_loaded and
  // service_stopped, in one batch.
  EXPECT_EQ(detail::log_records_exported.value() - delivered, 4u);
}

TEST_F(OtlpSignalsTest, MetricsArriveAsTheRegistryHasThem) {
  static auto requests = add_counter({"otlp_test_requests_total", "Requests."}, {"route"});
  static auto latency =
      add_histogram({"otlp_test_latency_seconds", "Latency.", "seconds"}, {0.1, 1}, {"route"});
  requests.labels("/orders").inc(3);
  latency.labels("/orders").observe(0.05);
  latency.labels("/orders").observe(0.5);
  latency.labels("/orders").observe(5);
  config_.metrics.export_otlp = true;
  config_.metrics.interval = std::chrono::hours(1);
  config_.metrics.otlp.endpoint = receiver_.url("/v1/metrics");
  start();
  ASSERT_TRUE(telegen::force_flush(10s));
  const auto received = receiver_.received("/v1/metrics");
  ASSERT_EQ(received.size(), 1u) << "one push for the flush";
  const auto request = test::decode_protobuf<otlp::ExportMetricsServiceRequest>(received[0].body);
  const auto& metrics = request.resource_metrics(0).scope_metrics(0).metrics();
  bool counter_seen = false, histogram_seen = false, self_metric_seen = false;
  for (const auto& metric : metrics) {
    if (metric.name() == "otlp_test_requests") {
      counter_seen = true;
      ASSERT_EQ(metric.sum().data_points_size(), 1);
      EXPECT_EQ(metric.sum().data_points(0).as_int(), 3);
      EXPECT_EQ(metric.sum().data_points(0).attributes(0).value().string_value(), "/orders");
    } else if (metric.name() == "otlp_test_latency_seconds") {
      histogram_seen = true;
      EXPECT_EQ(metric.unit(), "s");
      const auto& point = metric.histogram().data_points(0);
      EXPECT_EQ(point.count(), 3u);
      EXPECT_DOUBLE_EQ(point.sum(), 5.55);
      EXPECT_EQ(
          std::vector<std::uint64_t>(point.bucket_counts().begin(), point.bucket_counts().end()),
          (std::vector<std::uint64_t>{1, 1, 1}));
    } else if (metric.name() == "telegen_spans_dropped") {
      self_metric_seen = true;
    }
  }
  EXPECT_TRUE(counter_seen);
  EXPECT_TRUE(histogram_seen);
  EXPECT_TRUE(self_metric_seen) << "telegen's self-metrics are pushed too";
}

} // namespace
} // namespace telegen
