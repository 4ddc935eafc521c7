#include "telegen/metrics.hpp"

#include "generated/telemetry.telegen.hpp"
#include "support/exposition_parser.hpp"
#include "telegen/exposition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace telegen {
namespace {

test::Exposition scrape() { return test::parse_exposition(metrics_text()); }

TEST(UserMetrics, CounterSeriesAreCreatedOnceAndExposedSortedByLabelValues) {
  auto jobs = add_counter({"user_jobs_processed_total", "Jobs processed."}, {"queue", "outcome"});
  Counter& emails_ok = jobs.labels("emails", "ok");
  EXPECT_EQ(&jobs.labels("emails", "ok"), &emails_ok);
  emails_ok.inc();
  emails_ok.inc(2);
  jobs.labels("batch", "failed").inc();

  const test::Exposition exposition = scrape();
  EXPECT_EQ(exposition.find("user_jobs_processed_total", {{"queue", "emails"}, {"outcome", "ok"}}),
            3);
  EXPECT_EQ(
      exposition.find("user_jobs_processed_total", {{"queue", "batch"}, {"outcome", "failed"}}), 1);
  std::vector<std::string> queues;
  for (const test::Sample& sample : exposition.samples)
    if (sample.name == "user_jobs_processed_total")
      queues.push_back(sample.labels[0].second);
  EXPECT_EQ(queues, (std::vector<std::string>{"batch", "emails"}));
}

TEST(UserMetrics, GaugeWithoutLabels) {
  auto depth = add_gauge({"user_queue_depth", "Items waiting."});
  depth.labels().set(5);
  depth.labels().add(-1.5);
  depth.labels().inc();
  EXPECT_EQ(scrape().find("user_queue_depth"), 4.5);
}

TEST(UserMetrics, HistogramCountsIntoBucketsWithTheUnitInOpenMetrics) {
  auto latency =
      add_histogram({"user_job_duration_seconds", "Job time.", "seconds"}, {0.1, 1}, {"queue"});
  Histogram& emails = latency.labels("emails");
  emails.observe(0.1);
  emails.observe(0.5);
  emails.observe(30);
  emails.observe(std::nan(""));

  const test::Exposition exposition = scrape();
  EXPECT_EQ(
      exposition.find("user_job_duration_seconds_bucket", {{"queue", "emails"}, {"le", "0.1"}}), 1);
  EXPECT_EQ(exposition.find("user_job_duration_seconds_bucket", {{"queue", "emails"}, {"le", "1"}}),
            2);
  EXPECT_EQ(
      exposition.find("user_job_duration_seconds_bucket", {{"queue", "emails"}, {"le", "+Inf"}}),
      3);
  EXPECT_EQ(exposition.find("user_job_duration_seconds_count", {{"queue", "emails"}}), 3);
  EXPECT_EQ(exposition.find("user_job_duration_seconds_sum", {{"queue", "emails"}}), 30.6);
  EXPECT_NE(metrics_text(ExpositionFormat::openmetrics)
                .find("# UNIT user_job_duration_seconds seconds\n"),
            std::string::npos);
}

TEST(UserMetrics, InvalidUtf8LabelValuesAreRepaired) {
  auto family = add_counter({"user_utf8_total", "Repaired values."}, {"name"});
  family.labels("caf\xC3").inc();
  EXPECT_EQ(&family.labels("caf\xC3"), &family.labels("caf\xEF\xBF\xBD"));
  EXPECT_EQ(scrape().find("user_utf8_total", {{"name", "caf\xEF\xBF\xBD"}}), 1);
}

// Registration errors say what is wrong with which metric.
void expect_rejected(void (*register_it)(), const std::string& reason) {
  try {
    register_it();
    ADD_FAILURE() << "accepted; expected: " << reason;
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
  }
}

TEST(UserMetrics, RegistrationRejectsInvalidNamesWithTheReason) {
  expect_rejected([] { add_counter({"2xx_total", "Bad."}); }, "metric '2xx_total': a name uses");
  expect_rejected([] { add_counter({"user-requests_total", "Bad."}); }, "a name uses");
  expect_rejected([] { add_counter({"telegen_mine_total", "Bad."}); }, "reserved");
  expect_rejected(
      [] {
        add_counter({"user_requests", "Bad."});
      },
      "a counter's name ends in '_total'");
  expect_rejected(
      [] {
        add_gauge({"user_sessions_total", "Bad."});
      },
      "only a counter's name ends in '_total'");
  expect_rejected([] { add_gauge({"user_no_help", ""}); }, "help text");
  expect_rejected(
      [] {
        add_gauge({"user_size", "Size.", "bytes"});
      },
      "its unit 'bytes' must end the name, as in 'user_size_bytes'");
  expect_rejected(
      [] {
        add_counter({"user_sent_total", "Sent.", "bytes"});
      },
      "as in 'user_sent_bytes_total'");
  expect_rejected(
      [] {
        add_gauge({"user_labels", "L."}, {"a", "a"});
      },
      "label 'a' is listed twice");
  expect_rejected([] { add_gauge({"user_labels", "L."}, {"__x"}); }, "reserved");
  expect_rejected([] { add_gauge({"user_labels", "L."}, {"a:b"}); }, "label 'a:b' must use");
  expect_rejected([] { add_histogram({"user_h", "H."}, {1}, {"le"}); }, "named 'le'");
  expect_rejected([] { add_histogram({"user_h", "H."}, {1, 1}); }, "strictly ascending");
  expect_rejected([] { add_histogram({"user_h", "H."}, {1, INFINITY}); }, "finite");
}

TEST(UserMetrics, NamesAreRegisteredOnce) {
  add_counter({"user_once_total", "Once."});
  expect_rejected([] { add_counter({"user_once_total", "Twice."}); }, "already registered");
  expect_rejected(
      [] {
        add_gauge({"user_once", "Would share the OpenMetrics family name."});
      },
      "already registered");
  expect_rejected(
      [] {
        add_gauge({"http_requests_in_flight", "Generated already."});
      },
      "already registered");
}

} // namespace
} // namespace telegen
