// Families registered at run time (telegen/metrics.hpp) in a multi-process
// service: their series are added up over the processes by label values,
// gauges by the mode add_gauge() was given, a family only some processes
// registered is shown by all, and one registered with another shape is
// reported and left out.
#include "support/multiprocess_scenario.hpp"
#include "support/worker_process.hpp"

#include "telegen/exposition.hpp"
#include "telegen/metrics.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

namespace telegen {
namespace {

using test::Exposition;
using test::sample;
using test::scrape;
using test::WorkerProcess;

void remove_dir(const std::string& metrics_dir) {
  std::filesystem::remove_all(std::filesystem::path(metrics_dir).parent_path());
}

TEST(MultiprocessUserFamilies, SeriesAreAddedUpByLabelValues) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        auto jobs = add_counter({"jobs_done_total", "Jobs done."}, {"queue"});
        auto latency =
            add_histogram({"job_seconds", "Time a job took.", "seconds"}, {0.1, 1}, {"queue"});
        auto depth_all = add_gauge({"queue_depth", "Jobs waiting."}, {"queue"});
        auto depth_sum =
            add_gauge({"queue_depth_live", "Jobs waiting."}, {"queue"}, GaugeMode::livesum);
        // Counted before the fork: the child's copy starts from zero.
        jobs.labels("emails").inc(7);
        const auto serve = [&](const std::string& command) {
          if (command == "scrape")
            return metrics_text();
          jobs.labels(command).inc(2);
          latency.labels(command).observe(0.5);
          depth_all.labels(command).set(3);
          depth_sum.labels(command).set(3);
          return std::string();
        };
        WorkerProcess a(serve), b(serve);
        a.ask("emails");
        b.ask("emails");
        b.ask("reports");
        depth_sum.labels("emails").set(1);

        for (const Exposition& e : {scrape(), test::parse_exposition(a.ask("scrape"))}) {
          EXPECT_EQ(sample(e, "jobs_done_total", {{"queue", "emails"}}), 7 + 2 + 2);
          EXPECT_EQ(sample(e, "jobs_done_total", {{"queue", "reports"}}), 2);
          EXPECT_EQ(sample(e, "job_seconds_count", {{"queue", "emails"}}), 2);
          EXPECT_EQ(sample(e, "job_seconds_bucket", {{"queue", "emails"}, {"le", "1"}}), 2);
          EXPECT_EQ(sample(e, "job_seconds_sum", {{"queue", "emails"}}), 1);
          EXPECT_EQ(
              sample(e, "queue_depth", {{"queue", "emails"}, {"pid", std::to_string(a.pid())}}), 3);
          EXPECT_EQ(sample(e, "queue_depth_live", {{"queue", "emails"}}), 1 + 3 + 3);
        }
        b.exit();
        EXPECT_EQ(sample(scrape(), "queue_depth_live", {{"queue", "emails"}}), 1 + 3)
            << "livesum leaves the exited process out";
        EXPECT_EQ(sample(scrape(), "jobs_done_total", {{"queue", "reports"}}), 2)
            << "an exited process's counts stay";
        remove_dir(dir);
      }),
      "");
}

TEST(MultiprocessUserFamilies, AFamilyOnlyAnotherProcessRegisteredIsShown) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        add_counter({"here_total", "Registered here."}).labels().inc();
        WorkerProcess worker([](const std::string&) {
          add_counter({"there_total", "Registered there."}, {"side"}).labels("left").inc(4);
          return std::string();
        });
        worker.ask("register");
        const Exposition e = scrape();
        EXPECT_EQ(sample(e, "here_total"), 1);
        EXPECT_EQ(sample(e, "there_total", {{"side", "left"}}), 4);
        remove_dir(dir);
      }),
      "");
}

TEST(MultiprocessUserFamilies, AFamilyOfAnotherShapeElsewhereIsReportedAndLeftOut) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        WorkerProcess worker([](const std::string&) {
          add_counter({"shape_total", "Labelled by a."}, {"a"}).labels("x").inc(4);
          return std::string();
        });
        worker.ask("register");
        add_counter({"shape_total", "Labelled by b."}, {"b"}).labels("y").inc();
        const Exposition e = scrape();
        EXPECT_EQ(sample(e, "shape_total", {{"b", "y"}}), 1);
        EXPECT_EQ(e.count("shape_total"), 1u);
        EXPECT_EQ(sample(e, "telegen_multiprocess_file_problems_total"), 1);
        remove_dir(dir);
      }),
      "registers the run-time family 'shape_total' with another type, "
      "labels, buckets or gauge mode");
}

} // namespace
} // namespace telegen
