// Multi-process metrics against a single process, in one run of one binary:
// the hot path (the same generated handles, their storage in process memory
// or in a mapped file), and the scrape of a 10,000-series module by one
// process alone, and by a process of a service of 1, 4 and 8 processes
// (each having updated every series).
//
// A process chooses its mode once, so main() runs the benchmarks named
// *_Single here, before any metric is updated, and those named *_Shared in
// a child it forks first, which shares its metrics in a temporary
// directory (on /dev/shm). The child forks the scrape's other processes
// itself.
#include "generated/telemetry.telegen.hpp"
#include "generated/wide10k.telegen.hpp"

#include "telegen/exposition.hpp"

#include <benchmark/benchmark.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace {

using telemetry::method;
using telemetry::route;
using telemetry::status_class;

void BM_CounterInc(benchmark::State& state) {
  for (auto _ : state)
    telemetry::http_requests_total.inc(method::GET, route::orders, status_class::_2xx);
}
void BM_GaugeSet(benchmark::State& state) {
  double value = 0;
  for (auto _ : state)
    telemetry::http_requests_in_flight.set(value += 1, route::orders);
}
void BM_HistogramObserve(benchmark::State& state) {
  double value = 0;
  for (auto _ : state) {
    telemetry::http_request_duration_seconds.observe(value, method::GET, route::orders);
    value = value < 2 ? value + 0.01 : 0;
  }
}
// A value the label already has: the process's own table finds it.
void BM_DynamicLabelInc(benchmark::State& state) {
  for (auto _ : state)
    telemetry::tenant_requests_total.inc("acme", method::GET);
}

// Every series of the 10,000-series module, once.
void update_every_series() {
  for (int s = 0; s < 100; ++s)
    for (int b = 0; b < 100; ++b)
      wide10k::items_total.inc(static_cast<wide10k::shard>(s), static_cast<wide10k::bucket>(b));
}

void scrape(benchmark::State& state) {
  update_every_series();
  std::size_t bytes = 0;
  for (auto _ : state)
    bytes = telegen::metrics_text().size();
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_Scrape10k_Single(benchmark::State& state) { scrape(state); }

// The other processes of the service: forked from the benchmark's process,
// they update every series and wait until the benchmark ends.
std::vector<pid_t>& others() {
  static std::vector<pid_t> pids;
  return pids;
}

void run_processes(std::size_t count) {
  while (others().size() + 1 < count) {
    int ready[2];
    if (::pipe(ready) != 0)
      std::abort();
    const pid_t pid = ::fork();
    if (pid == 0) {
      update_every_series();
      ::close(ready[1]);
      ::pause();
      ::_exit(0);
    }
    ::close(ready[1]);
    char byte;
    while (::read(ready[0], &byte, 1) > 0) {
    }
    ::close(ready[0]);
    others().push_back(pid);
  }
}

void BM_Scrape10k_Shared(benchmark::State& state) {
  run_processes(static_cast<std::size_t>(state.range(0)));
  scrape(state);
}

#define TELEGEN_HOT_PATH(fn)                                                                       \
  BENCHMARK(fn)->Name(#fn "_Single")->Threads(1)->Threads(2);                                      \
  BENCHMARK(fn)->Name(#fn "_Shared")->Threads(1)->Threads(2)

TELEGEN_HOT_PATH(BM_CounterInc);
TELEGEN_HOT_PATH(BM_GaugeSet);
TELEGEN_HOT_PATH(BM_HistogramObserve);
TELEGEN_HOT_PATH(BM_DynamicLabelInc);
BENCHMARK(BM_Scrape10k_Single)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Scrape10k_Shared)
    ->ArgName("processes")
    ->Arg(1)
    ->Arg(4)
    ->Arg(8)
    ->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  // A tmpfs, as docs/metrics.md advises: no writeback to a disk.
  const std::filesystem::path dir =
      (std::filesystem::is_directory("/dev/shm") ? std::filesystem::path("/dev/shm")
                                                 : std::filesystem::temp_directory_path()) /
      ("telegen_bench_" + std::to_string(::getpid()));
  std::fflush(stdout);
  const pid_t shared = ::fork();
  if (shared == 0) {
    ::setenv("TELEGEN_METRICS_MULTIPROCESS_DIR", dir.c_str(), 1);
    benchmark::RunSpecifiedBenchmarks("_Shared");
    for (pid_t pid : others())
      ::kill(pid, SIGKILL);
    for (pid_t pid : others())
      ::waitpid(pid, nullptr, 0);
    std::cout.flush();
    std::fflush(stdout);
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(shared, &status, 0);
  std::filesystem::remove_all(dir);
  benchmark::RunSpecifiedBenchmarks("_Single");
  benchmark::Shutdown();
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
