// The process metrics every Prometheus client exports, under their names,
// with values Linux gives for this process; in multi-process mode one
// series per running process of the service. And telegen_build_info.
#include "generated/multiprocess.telegen.hpp"

#include "support/multiprocess_scenario.hpp"
#include "support/worker_process.hpp"

#include "telegen/exposition.hpp"
#include "telegen/version.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

using test::Exposition;
using test::sample;
using test::scrape;

TEST(ProcessMetrics, AreThoseOfThisProcess) {
  const Exposition e = scrape();
  const double now = static_cast<double>(std::time(nullptr));
  const double started = sample(e, "process_start_time_seconds");
  // std::time() drops the fraction of the current second, which the start
  // time has: a process younger than a second can start after `now`.
  EXPECT_LE(started, now + 1);
  EXPECT_GT(started, now - 24 * 3600);
  EXPECT_NEAR(sample(e, "process_uptime_seconds"), now - started, 2);
  EXPECT_GE(sample(e, "process_cpu_seconds_total"), 0);
  EXPECT_GT(sample(e, "process_resident_memory_bytes"), 1 << 20);
  EXPECT_GT(sample(e, "process_virtual_memory_bytes"), sample(e, "process_resident_memory_bytes"));
  EXPECT_GE(sample(e, "process_threads"), 1);
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_EQ(sample(e, "process_max_fds"), static_cast<double>(limit.rlim_cur));
}

TEST(ProcessMetrics, OpenFdsCountWhatTheProcessOpens) {
  const double before = sample(scrape(), "process_open_fds");
  std::vector<int> fds;
  for (int i = 0; i < 10; ++i)
    fds.push_back(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(sample(scrape(), "process_open_fds"), before + 10);
  for (int fd : fds)
    ::close(fd);
  EXPECT_EQ(sample(scrape(), "process_open_fds"), before);
}

TEST(ProcessMetrics, ThreadsCountTheProcesssThreads) {
  const double before = sample(scrape(), "process_threads");
  std::thread thread([&] { EXPECT_EQ(sample(scrape(), "process_threads"), before + 1); });
  thread.join();
}

TEST(ProcessMetrics, BuildInfoNamesTheServiceAndTelegensVersion) {
  const Exposition e = scrape();
  ASSERT_EQ(e.count("telegen_build_info"), 1u);
  for (const test::Sample& s : e.samples)
    if (s.name == "telegen_build_info") {
      EXPECT_EQ(s.value, 1);
      ASSERT_EQ(s.labels.size(), 3u);
      EXPECT_EQ(s.labels[0].first, "service_name");
      EXPECT_FALSE(s.labels[0].second.empty());
      EXPECT_EQ(s.labels[1].first, "service_version");
      EXPECT_EQ(s.labels[2],
                (std::pair<std::string, std::string>("telegen_version", TELEGEN_VERSION_STRING)));
    }
}

TEST(ProcessMetrics, InMultiProcessModeEachRunningProcessHasItsOwnSeries) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        multiprocess::tasks_total.inc(multiprocess::task::parse);
        const auto work = [](const std::string&) {
          multiprocess::tasks_total.inc(multiprocess::task::parse);
          return std::string();
        };
        test::WorkerProcess running(work), exited(work);
        running.ask("");
        exited.ask("");
        const std::string dead = std::to_string(exited.pid());
        exited.exit();

        const Exposition e = scrape();
        EXPECT_GT(
            sample(e, "process_resident_memory_bytes", {{"pid", std::to_string(running.pid())}}),
            0);
        for (const char* name :
             {"process_cpu_seconds_total", "process_resident_memory_bytes",
              "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
              "process_start_time_seconds", "process_threads", "process_uptime_seconds"}) {
          EXPECT_EQ(e.count(name), 2u) << name;
          EXPECT_GE(sample(e, name, {{"pid", std::to_string(::getpid())}}), 0) << name;
          EXPECT_GE(sample(e, name, {{"pid", std::to_string(running.pid())}}), 0) << name;
          EXPECT_FALSE(e.find(name, {{"pid", dead}})) << name;
        }
        std::filesystem::remove_all(std::filesystem::path(dir).parent_path());
      }),
      "");
}

} // namespace
} // namespace telegen
