// The caller's cost of a three-field log record, best-effort beside
// guaranteed:
// - with room: the writer is flushed, untimed, every 1024 records, so the
//   thread's buffer never fills; both policies take the same path;
// - sustained: 1 and 4 threads log without pause into a real file (rotated
//   at 64 MiB), so the callers outpace the writer: a best-effort record is
//   then dropped (counted: `dropped` is the share dropped), a guaranteed
//   one waits for room (`waited` is the share that waited).
#include "telegen/config.hpp"
#include "telegen/log.hpp"
#include "telegen/telemetry.hpp"

#include "metrics/counters.hpp"
#include "temp_dir.hpp"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

using telegen::Delivery;

// One runtime for the whole binary, writing to a file: threaded rows share it.
struct Runtime {
  Runtime() {
    dir = telegen::bench::temp_dir("telegen-delivery");
    telegen::Config config;
    config.service_name = "bench";
    config.traces.enabled = false;
    config.logs.file_path = dir + "/system.jsonl";
    config.logs.max_file_bytes = std::uint64_t{64} << 20;
    config.logs.max_backups = 1;
    telegen::start(config);
  }
  ~Runtime() {
    telegen::shutdown();
    std::filesystem::remove_all(dir);
  }
  std::string dir;
};

Runtime& runtime() {
  static Runtime instance;
  return instance;
}

void log_once(Delivery delivery) {
  telegen::log(delivery, telegen::Level::info, "orders", "order_placed",
               {{"order_id", 123456}, {"amount", 12.5}, {"region", "eu-west-1"}});
}

void BM_Log_WithRoom(benchmark::State& state) {
  runtime();
  const auto delivery = static_cast<Delivery>(state.range(0));
  std::uint64_t count = 0;
  for (auto _ : state) {
    log_once(delivery);
    if (++count % 1024 == 0) {
      state.PauseTiming();
      telegen::force_flush(std::chrono::seconds(30));
      state.ResumeTiming();
    }
  }
}
BENCHMARK(BM_Log_WithRoom)->ArgName("guaranteed")->Arg(0)->Arg(1);

void BM_Log_Sustained(benchmark::State& state) {
  runtime();
  const auto delivery = static_cast<Delivery>(state.range(0));
  const std::uint64_t dropped = telegen::detail::log_records_dropped.value();
  const std::uint64_t waited = telegen::detail::log_guaranteed_waits.value();
  for (auto _ : state)
    log_once(delivery);
  if (state.thread_index() == 0) {
    const auto records = static_cast<double>(state.iterations() * state.threads());
    state.counters["dropped"] =
        static_cast<double>(telegen::detail::log_records_dropped.value() - dropped) / records;
    state.counters["waited"] =
        static_cast<double>(telegen::detail::log_guaranteed_waits.value() - waited) / records;
  }
}
BENCHMARK(BM_Log_Sustained)
    ->ArgName("guaranteed")
    ->Arg(0)
    ->Arg(1)
    ->Threads(1)
    ->Threads(4)
    ->Iterations(500000)
    ->UseRealTime();

} // namespace
