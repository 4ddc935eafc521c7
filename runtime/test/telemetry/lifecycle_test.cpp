// The built-in lifecycle schema's records: service_started and
// configuration_loaded first, service_stopped last, written by the log
// thread outside any context, with secrets redacted.
#include "telemetry/lifecycle_records.hpp"

#include "telegen/log.hpp"
#include "telegen/span.hpp"

#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <unistd.h>

namespace telegen {
namespace {

using test::Json;

std::vector<Json> all_records(const std::string& path) {
  std::vector<Json> records;
  for (const std::string& line : test::read_lines(path))
    records.push_back(test::parse_json(line));
  return records;
}

// The value of a field of an OwnRecord, by name.
const AttributeValue* field(const detail::OwnRecord& record, std::string_view name) {
  for (const auto& [key, value] : record.view().fields)
    if (key == name)
      return &value;
  return nullptr;
}

class Lifecycle : public test::TelemetryTest {};

TEST_F(Lifecycle, StartWritesStartedThenConfigurationBeforeAnyRecord) {
  config_.resource_attributes = {{"service.version", "2.1.0"},
                                 {"deployment.environment.name", "staging"},
                                 {"vendor.api_key", "k-123"}};
  config_.logs.slow_request = std::chrono::milliseconds(250);
  start();
  log(Level::info, "orders", "order_placed", {{"order_id", "o-1"}});
  EXPECT_TRUE(force_flush(std::chrono::seconds(10)));

  const std::vector<Json> records = all_records(config_.logs.file_path);
  ASSERT_EQ(records.size(), 3u);
  const Json& started = records[0];
  EXPECT_EQ(started["level"].str(), "INFO");
  EXPECT_EQ(started["logger"].str(), "telegen");
  EXPECT_EQ(started["event"].str(), "service_started");
  EXPECT_EQ(started["source"].str(), "internal");
  EXPECT_EQ(started["service_name"].str(), "telegen-test");
  EXPECT_EQ(started["service_version"].str(), "2.1.0");
  EXPECT_EQ(started["pid"].num(), static_cast<double>(::getpid()));
  EXPECT_FALSE(started.has("trace_id"));
  EXPECT_FALSE(started.has("request_id"));

  const Json& loaded = records[1];
  EXPECT_EQ(loaded["event"].str(), "configuration_loaded");
  EXPECT_EQ(loaded["log_level"].str(), "INFO");
  EXPECT_EQ(loaded["log_file"].str(), config_.logs.file_path);
  EXPECT_EQ(loaded["log_stderr"].str(), "off");
  EXPECT_TRUE(loaded["logs_otlp_endpoint"].is_null());
  EXPECT_EQ(loaded["traces_exporters"].str(), "set in code");
  EXPECT_EQ(loaded["traces_sampler"].str(), "parentbased_always_on");
  EXPECT_EQ(loaded["traces_sampler_ratio"].num(), 1.0);
  EXPECT_TRUE(loaded["metrics_otlp_endpoint"].is_null());
  EXPECT_TRUE(loaded["otlp_headers"].is_null());
  EXPECT_EQ(loaded["resource_attributes"].str(),
            "service.version=2.1.0,deployment.environment.name=staging,"
            "vendor.api_key=[REDACTED]");
  EXPECT_EQ(loaded["slow_request_ms"].num(), 250.0);

  EXPECT_EQ(records[2]["event"].str(), "order_placed");
}

TEST_F(Lifecycle, ShutdownWritesServiceStoppedLast) {
  start();
  log(Level::info, "orders", "order_placed", {});
  shutdown();

  const std::vector<Json> records = all_records(config_.logs.file_path);
  ASSERT_EQ(records.size(), 4u);
  const Json& stopped = records.back();
  EXPECT_EQ(stopped["event"].str(), "service_stopped");
  EXPECT_EQ(stopped["source"].str(), "internal");
  EXPECT_GE(stopped["uptime_ms"].num(), 0.0);
  EXPECT_GE(stopped["log_records_dropped"].num(), 0.0);
}

TEST_F(Lifecycle, RecordsCarryNoContextOfTheThreadThatStarted) {
  // A restart from inside a span: configuration_loaded is not the span's.
  static constexpr detail::SpanSite site{"orders.place", SpanKind::server, "place", "o.cpp", 1};
  start();
  {
    SpanGuard span(site);
    Config again = config_;
    again.logs.slow_request = std::chrono::milliseconds(5);
    telegen::start(again);
  }
  shutdown();
  const std::vector<Json> records = all_records(config_.logs.file_path);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0]["event"].str(), "service_started");
  EXPECT_EQ(records[1]["event"].str(), "configuration_loaded");
  // A restart loads a configuration; the service did not start again.
  EXPECT_EQ(records[2]["event"].str(), "configuration_loaded");
  EXPECT_EQ(records[2]["slow_request_ms"].num(), 5.0);
  EXPECT_FALSE(records[2].has("trace_id"));
  EXPECT_FALSE(records[2].has("span_id"));
  EXPECT_EQ(records[3]["event"].str(), "service_stopped");
}

TEST_F(Lifecycle, NoneBelowTheLogLevel) {
  config_.logs.level = Level::warning;
  start();
  log(Level::warning, "orders", "order_rejected", {});
  shutdown();
  const std::vector<Json> records = all_records(config_.logs.file_path);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["event"].str(), "order_rejected");
}

TEST_F(Lifecycle, ExitWithoutShutdownStillWritesServiceStopped) {
  // At exit the main thread's buffers are handed over before telegen's
  // exit handler runs: the log thread writes service_stopped itself.
  // The child runs the test again from the start: a path it knows too.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string path = ::testing::TempDir() + "telegen-lifecycle-exit.jsonl";
  std::remove(path.c_str());
  config_.logs.file_path = path;
  EXPECT_EXIT(
      {
        start();
        log(Level::info, "orders", "order_placed", {});
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
  const std::vector<Json> records = all_records(path);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[2]["event"].str(), "order_placed");
  EXPECT_EQ(records[3]["event"].str(), "service_stopped");
}

TEST(LifecycleRecords, OtlpEndpointsAndHeadersOfTheSignalsExported) {
  Config config;
  config.traces.exporters = {"otlp"};
  config.traces.otlp.endpoint = "https://ingest:s3cret@collector.example:4318/v1/traces";
  config.traces.otlp.headers = {{"Authorization", "Bearer abc"}, {"x-tenant", "acme"}};
  config.logs.export_otlp = true;
  config.logs.otlp.headers = {{"Authorization", "Bearer abc"}, {"api-key", "k-1"}};
  config.metrics.otlp.headers = {{"x-not-exported", "v"}};
  const detail::OwnRecord record = detail::configuration_record(config);
  EXPECT_EQ(field(record, "traces_exporters")->as_string(), "otlp");
  EXPECT_EQ(field(record, "traces_otlp_endpoint")->as_string(),
            "https://ingest:[REDACTED]@collector.example:4318/v1/traces");
  EXPECT_EQ(field(record, "logs_otlp_endpoint")->as_string(), "http://localhost:4318/v1/logs");
  EXPECT_EQ(field(record, "metrics_otlp_endpoint")->type(), AttributeValue::Type::null);
  EXPECT_EQ(field(record, "otlp_headers")->as_string(),
            "Authorization=[REDACTED],x-tenant=acme,api-key=[REDACTED]");
}

TEST(LifecycleRecords, TracesOffSayNone) {
  Config config;
  config.traces.enabled = false;
  const detail::OwnRecord record = detail::configuration_record(config);
  EXPECT_EQ(field(record, "traces_exporters")->as_string(), "none");
  EXPECT_EQ(field(record, "traces_otlp_endpoint")->type(), AttributeValue::Type::null);
}

TEST(LifecycleRecords, EndpointPasswordOnlyInTheUserInformation) {
  EXPECT_EQ(detail::redacted_endpoint("http://u:p@host:4318/v1/logs"),
            "http://u:[REDACTED]@host:4318/v1/logs");
  EXPECT_EQ(detail::redacted_endpoint("http://user@host/v1/logs"), "http://user@host/v1/logs");
  EXPECT_EQ(detail::redacted_endpoint("http://host:4318/a:b@c"), "http://host:4318/a:b@c");
  EXPECT_EQ(detail::redacted_endpoint("http://localhost:4318/v1/traces"),
            "http://localhost:4318/v1/traces");
}

} // namespace
} // namespace telegen
