// The log writer thread alone: records per second it decodes, formats as
// JSON lines and writes to a file. The records (three fields each, as a
// service's) are queued first, untimed, with no writer running; the timed
// part is a LogProcessor draining them into a fresh file. Rows: one queue
// and eight queues (eight threads' records), and the file synced every
// 100 ms (TELEGEN_LOG_SYNC_MS) beside not synced. The peer formats the same
// lines the plain way, snprintf (strftime for the date) into buffered stdio.
#include "core/pipeline.hpp"
#include "log/log_processor.hpp"
#include "telegen/log.hpp"
#include "temp_dir.hpp"

#include <benchmark/benchmark.h>

#include <time.h>

#include <ctime>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr std::size_t records_per_iteration = 200000;

void queue_records(std::size_t threads) {
  std::vector<std::thread> writers;
  for (std::size_t t = 0; t < threads; ++t)
    writers.emplace_back([threads, t] {
      for (std::size_t i = 0; i < records_per_iteration / threads; ++i)
        telegen::log(telegen::Level::info, "orders", "order_placed",
                     {{"order_id", static_cast<std::int64_t>(i)},
                      {"region", "eu-west"},
                      {"amount", 12.5 + static_cast<double>(t)}});
    });
  for (std::thread& writer : writers)
    writer.join();
}

// Of the whole process: in BM_Writer the calling thread only waits in
// force_flush meanwhile, so it is the writer's.
double process_cpu_seconds() {
  timespec now;
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void BM_Writer(benchmark::State& state) {
  // No runtime: the records wait in their queues until the processor below.
  telegen::detail::log_threshold.store(static_cast<std::uint8_t>(telegen::Level::info));
  telegen::detail::log_queues().set_max_bytes(std::size_t{512} << 20);
  const std::string dir = telegen::bench::temp_dir("telegen-writer");
  telegen::LogsConfig config;
  config.file_path = dir + "/system.jsonl";
  config.max_file_bytes = std::uint64_t{64} << 20;
  config.sync_interval = std::chrono::milliseconds(state.range(1));
  double writer_cpu_seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    queue_records(static_cast<std::size_t>(state.range(0)));
    state.ResumeTiming();
    const double cpu_before = process_cpu_seconds();
    telegen::detail::LogProcessor writer(telegen::detail::log_queues(), config, nullptr);
    writer.force_flush(std::chrono::seconds(60));
    writer_cpu_seconds += process_cpu_seconds() - cpu_before;
    state.PauseTiming();
    writer.shutdown(std::chrono::seconds(1));
    state.ResumeTiming();
  }
  const auto records = static_cast<double>(state.iterations() * records_per_iteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
  // On a loaded machine the thread gets a share of a core: records per
  // second of its own CPU time is what an idle core would do.
  state.counters["per_cpu_second"] = records / writer_cpu_seconds;
  std::filesystem::remove_all(dir);
}

// The same JSON lines from the same values, formatted with snprintf and
// written through a buffered FILE*.
void BM_Peer_Snprintf(benchmark::State& state) {
  const std::string dir = telegen::bench::temp_dir("telegen-writer");
  const std::string path = dir + "/peer.jsonl";
  const double cpu_before = process_cpu_seconds();
  for (auto _ : state) {
    std::FILE* file = std::fopen(path.c_str(), "w");
    for (std::size_t i = 0; i < records_per_iteration; ++i) {
      timespec now;
      ::clock_gettime(CLOCK_REALTIME, &now);
      tm utc;
      ::gmtime_r(&now.tv_sec, &utc);
      char date[32];
      std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc);
      char line[512];
      const int n = std::snprintf(
          line, sizeof line,
          "{\"timestamp\":\"%s.%06ldZ\",\"level\":\"INFO\",\"logger\":\"%s\",\"event\":\"%s\","
          "\"func_name\":\"%s\",\"lineno\":%d,\"pathname\":\"%s\",\"order_id\":%zu,"
          "\"region\":\"%s\",\"amount\":%g}\n",
          date, now.tv_nsec / 1000, "orders", "order_placed", "operator()", __LINE__, __FILE__, i,
          "eu-west", 12.5);
      std::fwrite(line, 1, static_cast<std::size_t>(n), file);
    }
    std::fclose(file);
  }
  const auto records = static_cast<double>(state.iterations() * records_per_iteration);
  state.SetItemsProcessed(static_cast<std::int64_t>(records));
  state.counters["per_cpu_second"] = records / (process_cpu_seconds() - cpu_before);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_Peer_Snprintf)->Iterations(10)->UseRealTime()->Unit(benchmark::kMillisecond);

BENCHMARK(BM_Writer)
    ->ArgNames({"queues", "sync_ms"})
    ->Args({1, 0})
    ->Args({8, 0})
    ->Args({1, 100})
    ->Iterations(10)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

} // namespace
