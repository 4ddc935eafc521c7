// What the tracing, logging and resilience benchmarks share: telegen
// running with its background threads and an exporter that discards (the
// caller's cost does not depend on where spans go), flushed untimed every
// 1024 iterations so the queues never fill, and the drops reported.
#pragma once

#include "telegen/config.hpp"
#include "telegen/exporter.hpp"
#include "telegen/telemetry.hpp"

#include "metrics/counters.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace telegen::bench {

// The machine is shared: run with --benchmark_repetitions=N and read the
// median, and the minimum (the cost when nothing else competes).
inline double min_of(const std::vector<double>& values) {
  return *std::min_element(values.begin(), values.end());
}
#define TELEGEN_BENCHMARK(fn) BENCHMARK(fn)->ComputeStatistics("min", ::telegen::bench::min_of)

class DiscardingExporter : public SpanExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>& spans) override {
    benchmark::DoNotOptimize(spans.data());
    return true;
  }
};

// Starts telegen for one benchmark and stops it after, reporting drops in
// the `dropped` counter. Not thread-safe: one per single-threaded benchmark.
class Session {
public:
  // `site_rate_limit`: TELEGEN_TRACES_SITE_RATE_LIMIT, off unless a row
  // measures it.
  explicit Session(benchmark::State& state, Sampler sampler = Sampler::parent_based_always_on,
                   Level log_level = Level::info, std::uint32_t site_rate_limit = 0)
      : state_(state),
        dropped_(detail::spans_dropped.value() + detail::log_records_dropped.value()) {
    Config config;
    config.service_name = "bench";
    config.traces.exporter = std::make_shared<DiscardingExporter>();
    config.traces.sampling.sampler = sampler;
    config.traces.sampling.site_rate_limit = site_rate_limit;
    config.logs.file_path = "/dev/null";
    config.logs.level = log_level;
    telegen::start(config);
  }
  ~Session() {
    telegen::shutdown(std::chrono::seconds(30));
    state_.counters["dropped"] = static_cast<double>(
        detail::spans_dropped.value() + detail::log_records_dropped.value() - dropped_);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Call once per iteration: flushes, untimed, every 1024th.
  void tick() {
    if (++count_ % 1024 == 0) {
      state_.PauseTiming();
      telegen::force_flush(std::chrono::seconds(30));
      state_.ResumeTiming();
    }
  }

private:
  benchmark::State& state_;
  std::uint64_t dropped_;
  std::uint64_t count_ = 0;
};

} // namespace telegen::bench
