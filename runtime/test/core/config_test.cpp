// Config::from_env: OpenTelemetry's variables, LOG_LEVEL and TELEGEN_*.
#include "telegen/config.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace telegen {
namespace {

class ConfigTest : public ::testing::Test {
protected:
  void SetUp() override { clear(); }
  void TearDown() override { clear(); }
  // Unsets every variable from_env reads.
  static void clear() {
    std::vector<std::string> names;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      const std::string_view text(*entry);
      const std::string_view name = text.substr(0, text.find('='));
      if (name.rfind("OTEL_", 0) == 0 || name.rfind("TELEGEN_", 0) == 0 || name == "LOG_LEVEL")
        names.emplace_back(name);
    }
    for (const std::string& name : names)
      unsetenv(name.c_str());
  }
  static void set(const char* name, const char* value) { setenv(name, value, 1); }
  // from_env(), with what it wrote to stderr.
  static Config read(std::string* warnings = nullptr) {
    testing::internal::CaptureStderr();
    Config config = Config::from_env();
    const std::string err = testing::internal::GetCapturedStderr();
    if (warnings != nullptr)
      *warnings = err;
    else
      EXPECT_EQ(err, "");
    return config;
  }
};

TEST_F(ConfigTest, DefaultsFollowTheOpenTelemetrySpecification) {
  const Config c = read();
  EXPECT_TRUE(c.traces.enabled);
  EXPECT_EQ(c.traces.exporters, (std::vector<std::string>{"otlp"}));
  EXPECT_EQ(c.traces.sampling.sampler, Sampler::parent_based_always_on);
  EXPECT_EQ(c.traces.batch.schedule_delay.count(), 5000);
  EXPECT_EQ(c.traces.batch.export_timeout.count(), 30000);
  EXPECT_EQ(c.traces.batch.max_queue_size, 2048u);
  EXPECT_EQ(c.traces.batch.max_export_batch_size, 512u);
  EXPECT_EQ(c.traces.otlp.endpoint, "http://localhost:4318/v1/traces");
  EXPECT_EQ(c.traces.otlp.timeout.count(), 10000);
  EXPECT_EQ(c.traces.otlp.protocol, OtlpProtocol::http_protobuf);
  EXPECT_FALSE(c.traces.otlp.gzip);
  EXPECT_FALSE(c.logs.export_otlp) << "telegen's logs go to the file unless asked";
  EXPECT_EQ(c.logs.otlp.endpoint, "http://localhost:4318/v1/logs");
  EXPECT_EQ(c.logs.batch.schedule_delay.count(), 1000);
  EXPECT_EQ(c.logs.batch.max_queue_size, 2048u);
  EXPECT_FALSE(c.metrics.export_otlp) << "metrics are scraped from /metrics unless asked";
  EXPECT_EQ(c.metrics.otlp.endpoint, "http://localhost:4318/v1/metrics");
  EXPECT_EQ(c.metrics.interval.count(), 60000);
  EXPECT_EQ(c.metrics.timeout.count(), 30000);
  EXPECT_EQ(c.logs.level, Level::info);
  EXPECT_EQ(c.logs.file_path, "logs/system.jsonl");
  EXPECT_EQ(c.logs.max_file_bytes, 10u * 1024 * 1024);
  EXPECT_EQ(c.logs.max_backups, 5u);
  EXPECT_EQ(c.service_name, "");
}

TEST_F(ConfigTest, ServiceNameAndResourceAttributes) {
  set("OTEL_RESOURCE_ATTRIBUTES",
      "service.name=from-resource, deployment.environment=prod,team=a%2Cb");
  Config c = read();
  EXPECT_EQ(c.service_name, "from-resource");
  EXPECT_EQ(c.resource_attributes,
            (std::vector<std::pair<std::string, std::string>>{{"service.name", "from-resource"},
                                                              {"deployment.environment", "prod"},
                                                              {"team", "a,b"}}));
  set("OTEL_SERVICE_NAME", "orders");
  EXPECT_EQ(read().service_name, "orders") << "OTEL_SERVICE_NAME wins";
}

TEST_F(ConfigTest, ExportersAndDisabling) {
  EXPECT_EQ(read().traces.exporters, std::vector<std::string>{"otlp"}) << "OpenTelemetry's default";
  EXPECT_FALSE(read().traces.exporters_chosen);
  set("OTEL_TRACES_EXPORTER", "otlp, Console ,jsonl");
  EXPECT_EQ(read().traces.exporters, (std::vector<std::string>{"otlp", "console", "jsonl"}));
  EXPECT_TRUE(read().traces.exporters_chosen);
  set("OTEL_TRACES_EXPORTER", "none");
  EXPECT_FALSE(read().traces.enabled);
  unsetenv("OTEL_TRACES_EXPORTER");
  set("OTEL_SDK_DISABLED", "true");
  EXPECT_FALSE(read().traces.enabled);
}

TEST_F(ConfigTest, Samplers) {
  set("OTEL_TRACES_SAMPLER", "traceidratio");
  set("OTEL_TRACES_SAMPLER_ARG", "0.25");
  Config c = read();
  EXPECT_EQ(c.traces.sampling.sampler, Sampler::trace_id_ratio);
  EXPECT_DOUBLE_EQ(c.traces.sampling.ratio, 0.25);
  set("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
  EXPECT_EQ(read().traces.sampling.sampler, Sampler::parent_based_trace_id_ratio);
  set("OTEL_TRACES_SAMPLER", "always_off");
  EXPECT_EQ(read().traces.sampling.sampler, Sampler::always_off);
  set("TELEGEN_TRACES_KEEP_ERRORS", "true");
  set("TELEGEN_TRACES_KEEP_SLOW_MS", "250");
  c = read();
  EXPECT_TRUE(c.traces.sampling.keep_errors);
  EXPECT_EQ(c.traces.sampling.keep_slow.count(), 250);
}

TEST_F(ConfigTest, BatchProcessor) {
  set("OTEL_BSP_SCHEDULE_DELAY", "100");
  set("OTEL_BSP_EXPORT_TIMEOUT", "2000");
  set("OTEL_BSP_MAX_QUEUE_SIZE", "100");
  set("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "10");
  const Config c = read();
  EXPECT_EQ(c.traces.batch.schedule_delay.count(), 100);
  EXPECT_EQ(c.traces.batch.export_timeout.count(), 2000);
  EXPECT_EQ(c.traces.batch.max_queue_size, 100u);
  EXPECT_EQ(c.traces.batch.max_export_batch_size, 10u);
}

TEST_F(ConfigTest, ABatchLargerThanTheQueueIsCappedWithAWarning) {
  set("OTEL_BSP_MAX_QUEUE_SIZE", "100");
  set("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "500");
  std::string warnings;
  EXPECT_EQ(read(&warnings).traces.batch.max_export_batch_size, 100u);
  EXPECT_NE(warnings.find("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"), std::string::npos);
}

TEST_F(ConfigTest, OtlpEndpointHeadersTimeoutAndCompression) {
  set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
  EXPECT_EQ(read().traces.otlp.endpoint, "http://collector:4318/v1/traces");
  set("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/otlp/");
  EXPECT_EQ(read().traces.otlp.endpoint, "http://collector:4318/otlp/v1/traces");
  set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://tempo:4318/custom");
  EXPECT_EQ(read().traces.otlp.endpoint, "http://tempo:4318/custom") << "used as is";
  set("OTEL_EXPORTER_OTLP_HEADERS", "api-key=abc,x-tenant=t%201");
  set("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-tenant=t2");
  set("OTEL_EXPORTER_OTLP_TIMEOUT", "1500");
  set("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip");
  Config c = read();
  EXPECT_EQ(c.traces.otlp.headers, (std::vector<std::pair<std::string, std::string>>{
                                       {"api-key", "abc"}, {"x-tenant", "t2"}}));
  EXPECT_EQ(c.traces.otlp.timeout.count(), 1500);
  EXPECT_TRUE(c.traces.otlp.gzip);
  set("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "700");
  EXPECT_EQ(read().traces.otlp.timeout.count(), 700);
}

TEST_F(ConfigTest, EachSignalHasItsOwnOtlpSettingsAndTheSpecificVariableWins) {
  set("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector:4318");
  set("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "https://mimir:4318/otlp/v1/metrics");
  set("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json");
  set("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "HTTP/Protobuf");
  set("OTEL_EXPORTER_OTLP_TIMEOUT", "1500");
  set("OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "700");
  set("OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "gzip");
  set("OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-scope-orgid=tenant-1");
  set("OTEL_EXPORTER_OTLP_CERTIFICATE", "/dev/null");
  set("OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE", "/dev/null");
  set("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "/dev/null");
  const Config c = read();
  EXPECT_EQ(c.traces.otlp.endpoint, "https://collector:4318/v1/traces");
  EXPECT_EQ(c.logs.otlp.endpoint, "https://collector:4318/v1/logs");
  EXPECT_EQ(c.metrics.otlp.endpoint, "https://mimir:4318/otlp/v1/metrics");
  EXPECT_EQ(c.traces.otlp.protocol, OtlpProtocol::http_json);
  EXPECT_EQ(c.logs.otlp.protocol, OtlpProtocol::http_protobuf);
  EXPECT_EQ(c.metrics.otlp.protocol, OtlpProtocol::http_json);
  EXPECT_EQ(c.traces.otlp.timeout.count(), 1500);
  EXPECT_EQ(c.metrics.otlp.timeout.count(), 700);
  EXPECT_TRUE(c.logs.otlp.gzip);
  EXPECT_FALSE(c.traces.otlp.gzip);
  EXPECT_EQ(c.logs.otlp.headers,
            (std::vector<std::pair<std::string, std::string>>{{"x-scope-orgid", "tenant-1"}}));
  EXPECT_TRUE(c.traces.otlp.headers.empty());
  EXPECT_EQ(c.logs.otlp.certificate, "/dev/null");
  EXPECT_EQ(c.traces.otlp.client_certificate, "/dev/null");
  EXPECT_EQ(c.traces.otlp.client_key, "/dev/null");
  EXPECT_EQ(c.logs.otlp.client_key, "");
}

TEST_F(ConfigTest, LogsAndMetricsExportersIntervalAndBatches) {
  set("OTEL_LOGS_EXPORTER", "otlp");
  set("OTEL_METRICS_EXPORTER", "prometheus, otlp");
  set("OTEL_METRIC_EXPORT_INTERVAL", "5000");
  set("OTEL_METRIC_EXPORT_TIMEOUT", "2000");
  set("OTEL_BLRP_SCHEDULE_DELAY", "200");
  set("OTEL_BLRP_MAX_QUEUE_SIZE", "100");
  set("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "10");
  Config c = read();
  EXPECT_TRUE(c.logs.export_otlp);
  EXPECT_TRUE(c.metrics.export_otlp);
  EXPECT_EQ(c.metrics.interval.count(), 5000);
  EXPECT_EQ(c.metrics.timeout.count(), 2000);
  EXPECT_EQ(c.logs.batch.schedule_delay.count(), 200);
  EXPECT_EQ(c.logs.batch.max_queue_size, 100u);
  EXPECT_EQ(c.logs.batch.max_export_batch_size, 10u);
  set("OTEL_LOGS_EXPORTER", "none");
  set("OTEL_METRICS_EXPORTER", "prometheus");
  c = read();
  EXPECT_FALSE(c.logs.export_otlp);
  EXPECT_FALSE(c.metrics.export_otlp);
}

// Bad OTLP settings: one line each on stderr, naming the variable, what it
// accepts and where the signal's data goes instead; the program goes on.
TEST_F(ConfigTest, GrpcIsRefusedAndSpansFallBackToTheFile) {
  set("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
  std::string warnings;
  const Config c = read(&warnings);
  EXPECT_EQ(c.traces.exporters, std::vector<std::string>{"jsonl"});
  EXPECT_EQ(warnings,
            "telegen: OTEL_EXPORTER_OTLP_PROTOCOL='grpc' is not supported (telegen speaks "
            "http/protobuf, the default, and http/json; not grpc); spans go to "
            "logs/traces.jsonl instead\n");
  set("OTEL_TRACES_EXPORTER", "otlp,jsonl");
  EXPECT_EQ(read(&warnings).traces.exporters, std::vector<std::string>{"jsonl"})
      << "written to the file once";
}

TEST_F(ConfigTest, AnEndpointThatIsNotAUrlTurnsLogExportOff) {
  set("OTEL_LOGS_EXPORTER", "otlp");
  set("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "localhost:4318");
  std::string warnings;
  const Config c = read(&warnings);
  EXPECT_FALSE(c.logs.export_otlp);
  EXPECT_EQ(c.traces.exporters, std::vector<std::string>{"otlp"}) << "traces are not affected";
  EXPECT_EQ(warnings, "telegen: OTEL_EXPORTER_OTLP_LOGS_ENDPOINT='localhost:4318' is not a URL "
                      "(expected http://host:port/path or https://host:port/path); log records "
                      "go to logs/system.jsonl only\n");
}

TEST_F(ConfigTest, AMissingCertificateFileTurnsMetricExportOff) {
  set("OTEL_METRICS_EXPORTER", "otlp");
  set("OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE", "/nonexistent/ca.pem");
  std::string warnings;
  EXPECT_FALSE(read(&warnings).metrics.export_otlp);
  EXPECT_EQ(warnings, "telegen: OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE='/nonexistent/ca.pem' "
                      "cannot be read (No such file or directory); metrics are not pushed (the "
                      "/metrics endpoint still serves them)\n");
}

TEST_F(ConfigTest, UnknownLogAndMetricExportersAreReported) {
  set("OTEL_LOGS_EXPORTER", "otlp,console");
  set("OTEL_METRICS_EXPORTER", "statsd");
  std::string warnings;
  const Config c = read(&warnings);
  EXPECT_TRUE(c.logs.export_otlp);
  EXPECT_FALSE(c.metrics.export_otlp);
  EXPECT_NE(warnings.find("ignoring OTEL_LOGS_EXPORTER='console'"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("ignoring OTEL_METRICS_EXPORTER='statsd'"), std::string::npos)
      << warnings;
}

TEST_F(ConfigTest, Logs) {
  set("LOG_LEVEL", "debug");
  set("TELEGEN_LOG_FILE", "/var/log/app.jsonl");
  set("TELEGEN_LOG_STDERR", "dev");
  const Config c = read();
  EXPECT_EQ(c.logs.level, Level::debug);
  EXPECT_EQ(c.logs.file_path, "/var/log/app.jsonl");
  EXPECT_EQ(c.logs.stderr_format, StderrFormat::dev);
  set("LOG_LEVEL", "Warn");
  EXPECT_EQ(read().logs.level, Level::warning);
}

TEST_F(ConfigTest, GuaranteedWaitAndFileSync) {
  EXPECT_EQ(read().logs.guaranteed_wait, std::chrono::milliseconds(100));
  EXPECT_EQ(read().logs.sync_interval, std::chrono::milliseconds(0)) << "off by default";
  set("TELEGEN_LOG_GUARANTEED_WAIT_MS", "250");
  set("TELEGEN_LOG_SYNC_MS", "100");
  EXPECT_EQ(read().logs.guaranteed_wait, std::chrono::milliseconds(250));
  EXPECT_EQ(read().logs.sync_interval, std::chrono::milliseconds(100));
  set("TELEGEN_LOG_SYNC_MS", "often");
  std::string warnings;
  EXPECT_EQ(read(&warnings).logs.sync_interval, std::chrono::milliseconds(0));
  EXPECT_NE(warnings.find("TELEGEN_LOG_SYNC_MS"), std::string::npos) << warnings;
}

TEST_F(ConfigTest, MultiProcessMetrics) {
  EXPECT_EQ(read().metrics.multiprocess_dir, "");
  set("TELEGEN_METRICS_MULTIPROCESS_DIR", " /dev/shm/orders ");
  EXPECT_EQ(read().metrics.multiprocess_dir, "/dev/shm/orders");
  EXPECT_EQ(MetricsConfig::from_env().multiprocess_dir, "/dev/shm/orders");
}

TEST_F(ConfigTest, InvalidValuesAreReportedAndDefaultsKept) {
  set("OTEL_TRACES_SAMPLER", "sometimes");
  set("OTEL_TRACES_SAMPLER_ARG", "2");
  set("OTEL_BSP_MAX_QUEUE_SIZE", "-5");
  set("OTEL_BSP_SCHEDULE_DELAY", "5s");
  set("LOG_LEVEL", "loud");
  set("OTEL_RESOURCE_ATTRIBUTES", "novalue,ok=1");
  std::string warnings;
  const Config c = read(&warnings);
  EXPECT_EQ(c.traces.sampling.sampler, Sampler::parent_based_always_on);
  EXPECT_EQ(c.traces.batch.max_queue_size, 2048u);
  EXPECT_EQ(c.traces.batch.schedule_delay.count(), 5000);
  EXPECT_EQ(c.logs.level, Level::info);
  EXPECT_EQ(c.resource_attributes, (std::vector<std::pair<std::string, std::string>>{{"ok", "1"}}));
  for (const char* name : {"OTEL_TRACES_SAMPLER=", "OTEL_BSP_MAX_QUEUE_SIZE=",
                           "OTEL_BSP_SCHEDULE_DELAY=", "LOG_LEVEL=", "OTEL_RESOURCE_ATTRIBUTES="})
    EXPECT_NE(warnings.find(std::string("ignoring ") + name), std::string::npos) << name << "\n"
                                                                                 << warnings;
  set("OTEL_TRACES_SAMPLER", "traceidratio");
  read(&warnings);
  EXPECT_NE(warnings.find("OTEL_TRACES_SAMPLER_ARG='2'"), std::string::npos) << warnings;
}

} // namespace
} // namespace telegen
