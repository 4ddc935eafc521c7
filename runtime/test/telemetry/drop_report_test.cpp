// Drops are never silent: the record (and stderr line) that says what was
// lost, at shutdown and while dropping.
#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include "export/export_counters.hpp"
#include "metrics/counters.hpp"
#include "telemetry/drop_report.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace telegen {
namespace {

using detail::DropCounts;

// The telemetry_dropped records among `lines`.
std::vector<test::Json> drop_records(const std::vector<std::string>& lines) {
  std::vector<test::Json> records;
  for (const std::string& line : lines) {
    test::Json record = test::parse_json(line);
    if (record["event"].str() == "telemetry_dropped")
      records.push_back(record);
  }
  return records;
}

class DropReportTest : public test::TelemetryTest {};

TEST_F(DropReportTest, ShutdownWritesOneRecordWithEveryLossByReason) {
  start();
  const DropCounts before = DropCounts::current();
  detail::spans_dropped.add(3);
  detail::spans_export_failed.add(2);
  detail::log_records_export_failed.add(5);
  detail::span_data_dropped.add(1);
  shutdown();

  const auto records = drop_records(test::read_lines(config_.logs.file_path));
  ASSERT_EQ(records.size(), 1u);
  const test::Json& r = records[0];
  EXPECT_EQ(r["level"].str(), "WARNING");
  EXPECT_EQ(r["logger"].str(), "telegen");
  EXPECT_TRUE(r["at_shutdown"].boolean());
  EXPECT_EQ(r["spans_queue_full"].num(), static_cast<double>(before.spans_queue_full + 3));
  EXPECT_EQ(r["spans_export_failed"].num(), static_cast<double>(before.spans_export_failed + 2));
  EXPECT_EQ(r["log_records_export_failed"].num(),
            static_cast<double>(before.log_records_export_failed + 5));
  EXPECT_EQ(r["span_data_dropped"].num(), static_cast<double>(before.span_data_dropped + 1));
  const std::string& summary = r["summary"].str();
  EXPECT_NE(summary.find(std::to_string(before.spans_queue_full + 3) + ": queue full"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("export failed"), std::string::npos) << summary;
}

TEST_F(DropReportTest, NoRecordWhenNothingWasLost) {
  if (DropCounts::current().any_lost())
    GTEST_SKIP() << "an earlier test in this process lost something";
  start();
  shutdown();
  EXPECT_TRUE(drop_records(test::read_lines(config_.logs.file_path)).empty());
}

// The log writer checks after each pass; a flush waits for one pass, and
// the record that pass writes is written by the next.
TEST_F(DropReportTest, WhileDroppingTheLogWriterReportsThenWaitsForTheInterval) {
  start();
  const auto flush_twice = [&] { return (flushed_log_lines(), flushed_log_lines()); };
  detail::log_records_dropped.add(1);
  auto records = drop_records(flush_twice());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_FALSE(records[0]["at_shutdown"].boolean());
  const double first = records[0]["log_records_queue_full"].num();
  // More losses within DropReporter::interval (10 s) wait for it.
  detail::log_records_dropped.add(1);
  EXPECT_EQ(drop_records(flush_twice()).size(), 1u);
  shutdown();
  records = drop_records(test::read_lines(config_.logs.file_path));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[1]["at_shutdown"].boolean());
  EXPECT_EQ(records[1]["log_records_queue_full"].num(), first + 1);
}

// A process started again (after shutdown, or to be reconfigured) says only
// what it did not say before: the totals stay the process's.
TEST_F(DropReportTest, StartedAgainAProcessReportsOnlyLossesNotReportedYet) {
  const auto flush_twice = [&] { return (flushed_log_lines(), flushed_log_lines()); };
  start();
  detail::spans_dropped.add(3);
  shutdown();
  auto records = drop_records(test::read_lines(config_.logs.file_path));
  ASSERT_EQ(records.size(), 1u);
  const double first = records[0]["spans_queue_full"].num();

  start();
  EXPECT_EQ(drop_records(flush_twice()).size(), 1u) << "nothing new while running";
  start(); // reconfigured while running
  EXPECT_EQ(drop_records(flush_twice()).size(), 1u) << "nothing new after reconfiguring";
  shutdown();
  EXPECT_EQ(drop_records(test::read_lines(config_.logs.file_path)).size(), 1u)
      << "nothing new at shutdown";

  start();
  detail::spans_dropped.add(2);
  records = drop_records(flush_twice());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_FALSE(records[1]["at_shutdown"].boolean());
  EXPECT_EQ(records[1]["spans_queue_full"].num(), first + 2);
  shutdown();
  records = drop_records(test::read_lines(config_.logs.file_path));
  ASSERT_EQ(records.size(), 3u);
  EXPECT_TRUE(records[2]["at_shutdown"].boolean());
  EXPECT_EQ(records[2]["spans_queue_full"].num(), first + 2);
}

TEST_F(DropReportTest, WithoutALogFileOneStderrLineSaysTheSame) {
  config_.logs.file_path.clear();
  start();
  detail::spans_dropped.add(7);
  testing::internal::CaptureStderr();
  shutdown();
  const std::string err = testing::internal::GetCapturedStderr();
  // The writer's periodic pass may have reported the drop "so far" before
  // shutdown began; the shutdown's own line comes once.
  std::vector<std::string> at_shutdown;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);)
    if (line.find("in this process's life") != std::string::npos)
      at_shutdown.push_back(line);
  ASSERT_EQ(at_shutdown.size(), 1u) << err;
  EXPECT_EQ(at_shutdown[0].rfind("telegen: dropped ", 0), 0u) << err;
  EXPECT_NE(at_shutdown[0].find(" spans ("), std::string::npos) << err;
  EXPECT_NE(at_shutdown[0].find(": queue full"), std::string::npos) << err;
}

TEST_F(DropReportTest, SpansSampledOutAtASiteAreNotALoss) {
  DropCounts counts;
  counts.spans_sampled_out_at_site = 10;
  EXPECT_FALSE(counts.any_lost());
  EXPECT_EQ(detail::describe(counts, true), "");
  counts.spans_queue_full = 1;
  const std::string text = detail::describe(counts, true);
  EXPECT_NE(text.find("1 spans (1: queue full)"), std::string::npos) << text;
  EXPECT_NE(text.find("on purpose, 10 spans sampled out"), std::string::npos) << text;
}

} // namespace
} // namespace telegen
