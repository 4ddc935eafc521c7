// Multi-process metrics: what /metrics shows in any process of a service
// whose processes share a directory. Counters and histograms are summed,
// gauges combined by their mode, processes that exit keep their counts,
// restarted and forked processes count from zero, and dynamic label values
// and self-metrics are the service's. Each scenario runs in a process of
// its own with workers forked from it (support/multiprocess_scenario.hpp).
#include "generated/multiprocess.telegen.hpp"

#include "support/multiprocess_scenario.hpp"
#include "support/worker_process.hpp"

#include "telegen/exposition.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

using multiprocess::task;
using test::Exposition;
using test::sample;
using test::scrape;
using test::WorkerProcess;

// What the workers of these scenarios do: "work N" does N parse tasks of
// 0.5 s, "gauges V [MIN]" sets every gauge to V (queue_min to MIN),
// "tenant NAME" counts a task for that tenant, "bad label" updates with an
// enum value outside the enum, "scrape" answers with the exposition.
std::string serve(const std::string& command) {
  if (command.rfind("work ", 0) == 0) {
    for (int i = std::stoi(command.substr(5)); i > 0; --i) {
      multiprocess::tasks_total.inc(task::parse);
      multiprocess::task_duration_seconds.observe(0.5);
    }
  } else if (command.rfind("gauges ", 0) == 0) {
    const std::size_t space = command.find(' ', 7);
    const double value = std::stod(command.substr(7, space - 7));
    multiprocess::queue_all.set(value);
    multiprocess::queue_liveall.set(value);
    multiprocess::queue_sum.set(value);
    multiprocess::queue_livesum.set(value);
    multiprocess::queue_max.set(value);
    multiprocess::queue_min.set(space == std::string::npos ? value
                                                           : std::stod(command.substr(space + 1)));
  } else if (command.rfind("tenant ", 0) == 0) {
    multiprocess::tenant_tasks_total.inc(command.substr(7));
  } else if (command == "bad label") {
    multiprocess::tasks_total.inc(static_cast<task>(9));
  } else if (command == "scrape") {
    return metrics_text();
  }
  return {};
}

double tasks(const Exposition& exposition) {
  return sample(exposition, "tasks_total", {{"task", "parse"}});
}

void remove_dir(const std::string& metrics_dir) {
  std::filesystem::remove_all(std::filesystem::path(metrics_dir).parent_path());
}

TEST(MultiprocessAggregation, CountersAndHistogramsAreSummedInEveryProcess) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        multiprocess::tasks_total.inc(task::parse);
        WorkerProcess a(serve), b(serve);
        a.ask("work 3");
        b.ask("work 4");
        multiprocess::tasks_total.add(2, task::parse);

        const Exposition here = scrape();
        EXPECT_EQ(tasks(here), 1 + 3 + 4 + 2);
        EXPECT_EQ(sample(here, "task_duration_seconds_count"), 7);
        EXPECT_EQ(sample(here, "task_duration_seconds_sum"), 3.5);
        EXPECT_EQ(sample(here, "task_duration_seconds_bucket", {{"le", "0.1"}}), 0);
        EXPECT_EQ(sample(here, "task_duration_seconds_bucket", {{"le", "1"}}), 7);
        EXPECT_EQ(sample(here, "task_duration_seconds_bucket", {{"le", "+Inf"}}), 7);
        // Any process's /metrics is the service's.
        const Exposition in_a = test::parse_exposition(a.ask("scrape"));
        EXPECT_EQ(tasks(in_a), 10);
        EXPECT_EQ(sample(in_a, "task_duration_seconds_count"), 7);
        remove_dir(dir);
      }),
      "");
}

TEST(MultiprocessAggregation, EachGaugeModeCombinesProcessesAsDeclared) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             serve("gauges 1");
                             WorkerProcess running(serve), exited(serve);
                             running.ask("gauges 5");
                             exited.ask("gauges 10 -10");
                             const std::string me = std::to_string(::getpid());
                             const std::string live = std::to_string(running.pid());
                             const std::string dead = std::to_string(exited.pid());
                             exited.exit();

                             const Exposition e = scrape();
                             // all: every process, exited ones included, by pid.
                             EXPECT_EQ(e.count("queue_all"), 3u);
                             EXPECT_EQ(sample(e, "queue_all", {{"pid", me}}), 1);
                             EXPECT_EQ(sample(e, "queue_all", {{"pid", live}}), 5);
                             EXPECT_EQ(sample(e, "queue_all", {{"pid", dead}}), 10);
                             // liveall: running processes only.
                             EXPECT_EQ(e.count("queue_liveall"), 2u);
                             EXPECT_EQ(sample(e, "queue_liveall", {{"pid", me}}), 1);
                             EXPECT_EQ(sample(e, "queue_liveall", {{"pid", live}}), 5);
                             EXPECT_FALSE(e.find("queue_liveall", {{"pid", dead}}));
                             EXPECT_EQ(sample(e, "queue_sum"), 1 + 5 + 10);
                             EXPECT_EQ(sample(e, "queue_livesum"), 1 + 5);
                             EXPECT_EQ(sample(e, "queue_max"), 10);
                             EXPECT_EQ(sample(e, "queue_min"), -10);
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, GaugesOfProcessesThatNeverSetOneAreLeftOut) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             multiprocess::tasks_total.inc(task::parse);
                             WorkerProcess worker(serve);
                             worker.ask("gauges 4");

                             const Exposition e = scrape();
                             EXPECT_EQ(e.count("queue_all"), 1u);
                             EXPECT_EQ(sample(e, "queue_min"), 4) << "not 0 from this process";
                             EXPECT_EQ(sample(e, "queue_sum"), 4);
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, ExitedProcessesKeepTheirCountsAndRestartsDoNotDoubleCount) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             multiprocess::tasks_total.inc(task::render);
                             {
                               WorkerProcess first(serve);
                               first.ask("work 5");
                               EXPECT_EQ(WEXITSTATUS(first.exit()), 0);
                             }
                             {
                               WorkerProcess crashed(serve);
                               crashed.ask("work 2");
                               EXPECT_EQ(WTERMSIG(crashed.kill()), SIGKILL);
                             }
                             EXPECT_EQ(tasks(scrape()), 7);
                             // The worker started again in their place counts from 0.
                             WorkerProcess restarted(serve);
                             EXPECT_EQ(tasks(test::parse_exposition(restarted.ask("scrape"))), 7);
                             restarted.ask("work 3");
                             EXPECT_EQ(tasks(scrape()), 10);
                             EXPECT_EQ(tasks(test::parse_exposition(restarted.ask("scrape"))), 10);
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, AForkedChildCountsFromZeroItsParentsCountsStayTheParents) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             serve("work 7");
                             serve("gauges 4");
                             // The child's copy of this thread's slab and of the
                             // gauges held 7 and 4 at fork.
                             WorkerProcess child(serve);
                             child.ask("work 2");
                             const Exposition e = scrape();
                             EXPECT_EQ(tasks(e), 9);
                             EXPECT_EQ(sample(e, "task_duration_seconds_count"), 9);
                             EXPECT_EQ(sample(e, "queue_sum"), 4)
                                 << "the child's gauges start at 0";
                             EXPECT_EQ(tasks(test::parse_exposition(child.ask("scrape"))), 9);
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, ForkNeverInheritsALockAnotherThreadHeld) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             serve("work 1");
                             // Other threads scrape, add label values and start
                             // threads (new slabs) while the main thread forks.
                             std::atomic<bool> stop{false};
                             std::vector<std::thread> busy;
                             busy.emplace_back([&] {
                               while (!stop)
                                 metrics_text();
                             });
                             busy.emplace_back([&] {
                               for (int i = 0; !stop; ++i)
                                 multiprocess::tenant_tasks_total.inc("t" + std::to_string(i % 9));
                             });
                             busy.emplace_back([&] {
                               while (!stop)
                                 std::thread([] { serve("work 1"); }).join();
                             });
                             for (int i = 0; i < 20; ++i) {
                               const pid_t child = ::fork();
                               if (child == 0) {
                                 // Bounded: a deadlock ends with SIGALRM.
                                 ::alarm(10);
                                 serve("work 1");
                                 serve("tenant t1");
                                 metrics_text();
                                 ::_exit(0);
                               }
                               int status = 0;
                               ASSERT_EQ(::waitpid(child, &status, 0), child);
                               EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
                                   << "child " << i << " status " << status;
                             }
                             stop = true;
                             for (std::thread& thread : busy)
                               thread.join();
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, DynamicLabelValuesAndTheirCapAreTheServices) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        serve("tenant a");
        WorkerProcess one(serve), two(serve);
        one.ask("tenant b");
        one.ask("tenant a");
        two.ask("tenant c");
        two.ask("tenant b");
        two.ask("tenant d");
        // max_values is 4: a fifth value overflows wherever it comes.
        serve("tenant e");
        one.ask("tenant f");

        for (const Exposition& e : {scrape(), test::parse_exposition(two.ask("scrape"))}) {
          EXPECT_EQ(sample(e, "tenant_tasks_total", {{"tenant", "a"}}), 2);
          EXPECT_EQ(sample(e, "tenant_tasks_total", {{"tenant", "b"}}), 2);
          EXPECT_EQ(sample(e, "tenant_tasks_total", {{"tenant", "c"}}), 1);
          EXPECT_EQ(sample(e, "tenant_tasks_total", {{"tenant", "d"}}), 1);
          EXPECT_EQ(sample(e, "tenant_tasks_total", {{"tenant", "__overflow__"}}), 2);
          EXPECT_EQ(e.count("tenant_tasks_total"), 5u);
          EXPECT_EQ(sample(e, "telegen_label_overflow_total",
                           {{"metric", "tenant_tasks_total"}, {"label", "tenant"}}),
                    2);
        }
        remove_dir(dir);
      }),
      "");
}

TEST(MultiprocessAggregation, SelfMetricsAreSummedOverProcesses) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             serve("bad label");
                             WorkerProcess worker(serve);
                             worker.ask("bad label");
                             worker.ask("bad label");
                             worker.exit();
                             EXPECT_EQ(sample(scrape(), "telegen_invalid_label_values_total"), 3);
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, FilesOfAPreviousRunAreRemovedAtStart) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             // A process of an earlier run: it decides on its
                             // own, counts and exits.
                             {
                               WorkerProcess earlier(serve);
                               earlier.ask("work 5");
                               earlier.exit();
                             }
                             EXPECT_TRUE(std::filesystem::exists(dir + "/labels.telegen"));
                             serve("work 1");
                             EXPECT_EQ(tasks(scrape()), 1) << "nothing ran: a new run";
                             remove_dir(dir);
                           }),
                           "");
}

TEST(MultiprocessAggregation, AProcessJoiningARunningServiceKeepsTheExitedOnesCounts) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             // Started apart from this process, as a supervisor
                             // would start them.
                             WorkerProcess running(serve);
                             running.ask("work 2");
                             {
                               WorkerProcess exited(serve);
                               exited.ask("work 5");
                               exited.exit();
                             }
                             serve("work 1");
                             EXPECT_EQ(tasks(scrape()), 2 + 5 + 1);
                             remove_dir(dir);
                           }),
                           "");
}

} // namespace
} // namespace telegen
