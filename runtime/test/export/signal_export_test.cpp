// Log records and metrics leaving the process through an exporter (here
// one that writes lines, support/line_exporters.hpp): the log export's
// batches and its bounded queue, the metric reader's pushes, and what
// happens when telegen::otlp is not linked.
#include "telegen/log.hpp"
#include "telegen/metrics.hpp"
#include "telegen/telemetry.hpp"

#include "export/export_counters.hpp"
#include "metrics/registry.hpp"

#include "support/line_exporters.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view retry_fields[] = {"dependency", "attempt"};
constexpr detail::EventSite retry_site{
    Level::warning, "resilience", "retry_attempt", "charge", 88, "src/payments.cpp", retry_fields};

class SignalExportTest : public test::TelemetryTest {
protected:
  SignalExportTest() : lines_path_(dir_ + "/exported.txt") {
    test::use_line_exporters(lines_path_);
  }

  // The exported lines that start with `kind`, but for the runtime's own
  // lifecycle records (logger telegen).
  std::vector<std::string> exported(std::string_view kind) const {
    std::vector<std::string> found;
    for (const std::string& line : test::read_lines(lines_path_))
      if (line.rfind(kind, 0) == 0 && line.find(" telegen ") == std::string::npos)
        found.push_back(line);
    return found;
  }

  std::string lines_path_;
};

TEST_F(SignalExportTest, EveryLogRecordIsExportedBesidesTheFile) {
  config_.logs.export_otlp = true;
  config_.logs.batch.max_export_batch_size = 4;
  start();
  for (int i = 0; i < 5; ++i) {
    log(Level::info, "orders", "order_placed", {{"i", i}});
    detail::emit_log(retry_site, {"payments", i});
  }
  ASSERT_TRUE(telegen::force_flush(10s));
  const std::vector<std::string> records = exported("log ");
  ASSERT_EQ(records.size(), 10u);
  const std::string pid = std::to_string(getpid());
  EXPECT_EQ(records[0], "log " + pid + " orders order_placed");
  EXPECT_EQ(records[1], "log " + pid + " resilience retry_attempt");
  EXPECT_EQ(flushed_log_lines().size(), 10u) << "the file keeps every record too";
}

TEST_F(SignalExportTest, RecordsBeyondTheExportQueueAreDroppedAndCountedExactly) {
  config_.logs.export_otlp = true;
  config_.logs.batch.max_queue_size = 10;
  config_.logs.batch.max_export_batch_size = 5;
  test::line_exporter_settings().close_gate();
  start();
  const std::uint64_t dropped = detail::log_records_export_dropped.value();
  const std::uint64_t exported_before = detail::log_records_exported.value();
  for (int i = 0; i < 30; ++i)
    log(Level::info, "orders", "order_placed", {{"i", i}});
  // The log writer hands every record over, service_started and
  // configuration_loaded first; the export stays held.
  EXPECT_FALSE(telegen::force_flush(300ms));
  EXPECT_GE(detail::log_records_export_dropped.value() - dropped, 22u);
  test::line_exporter_settings().open_gate();
  ASSERT_TRUE(telegen::force_flush(10s));
  const std::string pid = std::to_string(getpid());
  std::size_t orders_exported = 0;
  for (const std::string& record : exported("log "))
    orders_exported += record == "log " + pid + " orders order_placed";
  EXPECT_EQ(orders_exported, 8u) << "the two lifecycle records took the queue's first places";
  // Besides the 30 records, the log writer said what was lost: the
  // telemetry_dropped records, which went to the held export too.
  std::size_t orders = 0;
  std::size_t drop_reports = 0;
  for (const std::string& line : flushed_log_lines()) {
    orders += line.find("\"event\":\"order_placed\"") != std::string::npos;
    drop_reports += line.find("\"event\":\"telemetry_dropped\"") != std::string::npos;
  }
  EXPECT_EQ(orders, 30u) << "the file is not held up by the export";
  EXPECT_GE(drop_reports, 1u);
  EXPECT_EQ(detail::log_records_exported.value() - exported_before +
                detail::log_records_export_dropped.value() - dropped,
            2u + 30u + drop_reports)
      << "every record handed over (the lifecycle's two first) is exported or counted as dropped";
}

TEST_F(SignalExportTest, MetricsArePushedEveryIntervalAndWhenFlushed) {
  config_.metrics.export_otlp = true;
  config_.metrics.interval = 20ms;
  start();
  for (int i = 0; i < 500 && exported("metrics ").size() < 2; ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_GE(exported("metrics ").size(), 2u) << "two pushes within 5 s at a 20 ms interval";
  config_.metrics.interval = std::chrono::hours(1);
  start();
  const std::size_t before = exported("metrics ").size();
  ASSERT_TRUE(telegen::force_flush(10s));
  const std::vector<std::string> pushes = exported("metrics ");
  ASSERT_EQ(pushes.size(), before + 1) << "one push for the flush";
  EXPECT_EQ(pushes.back(), "metrics " + std::to_string(getpid()) + " " +
                               std::to_string(detail::Registry::instance().collect().size()))
      << "every family the registry has";
}

TEST_F(SignalExportTest, WithoutTelegenOtlpLogsAndMetricsSaySoAndStayLocal) {
  detail::register_otlp_exporters(nullptr, nullptr);
  config_.logs.export_otlp = true;
  config_.metrics.export_otlp = true;
  testing::internal::CaptureStderr();
  start();
  log(Level::info, "orders", "order_placed", {});
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(flushed_log_lines().size(), 1u);
  EXPECT_TRUE(exported("").empty());
  EXPECT_NE(err.find("OTEL_LOGS_EXPORTER=otlp, but telegen::otlp is not linked"), std::string::npos)
      << err;
  EXPECT_NE(err.find("OTEL_METRICS_EXPORTER=otlp, but telegen::otlp is not linked"),
            std::string::npos)
      << err;
}

} // namespace
} // namespace telegen
