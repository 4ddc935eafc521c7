// The scrape of one process with 100,000 series: telegen's metrics_text()
// over a generated module, in the text format and in OpenMetrics (with and
// without _created samples), against prometheus-cpp's Collect() and
// TextSerializer over a registry of the same series, in the same binary.
#include "generated/wide100k.telegen.hpp"

#include "metrics/exposition_writer.hpp"
#include "telegen/exposition.hpp"

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <string>

namespace {

constexpr int shards = 100, buckets = 100, tiers = 10;

void scrape_telegen(benchmark::State& state, telegen::ExpositionFormat format, bool created) {
  for (int s = 0; s < shards; ++s)
    for (int b = 0; b < buckets; ++b)
      for (int t = 0; t < tiers; ++t)
        wide100k::items_total.inc(static_cast<wide100k::shard>(s), static_cast<wide100k::bucket>(b),
                                  static_cast<wide100k::tier>(t));
  telegen::detail::set_created_samples(created);
  std::size_t bytes = 0;
  for (auto _ : state)
    bytes = telegen::metrics_text(format).size();
  telegen::detail::set_created_samples(true);
  state.counters["bytes"] = static_cast<double>(bytes);
}

void BM_Scrape100k_Telegen(benchmark::State& state) {
  scrape_telegen(state, telegen::ExpositionFormat::prometheus_text, true);
}
BENCHMARK(BM_Scrape100k_Telegen)->Unit(benchmark::kMillisecond);

void BM_Scrape100k_Telegen_OpenMetrics(benchmark::State& state) {
  scrape_telegen(state, telegen::ExpositionFormat::openmetrics, true);
}
BENCHMARK(BM_Scrape100k_Telegen_OpenMetrics)->Unit(benchmark::kMillisecond);

// TELEGEN_METRICS_CREATED=false: no _created sample per series.
void BM_Scrape100k_Telegen_OpenMetrics_NoCreated(benchmark::State& state) {
  scrape_telegen(state, telegen::ExpositionFormat::openmetrics, false);
}
BENCHMARK(BM_Scrape100k_Telegen_OpenMetrics_NoCreated)->Unit(benchmark::kMillisecond);

void BM_Scrape100k_PrometheusCpp(benchmark::State& state) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter()
                     .Name("items_total")
                     .Help("Items stored, by shard, bucket and tier.")
                     .Register(registry);
  for (int s = 0; s < shards; ++s)
    for (int b = 0; b < buckets; ++b)
      for (int t = 0; t < tiers; ++t)
        family
            .Add({{"shard", "s" + std::to_string(s)},
                  {"bucket", "b" + std::to_string(b)},
                  {"tier", "t" + std::to_string(t)}})
            .Increment();
  const prometheus::TextSerializer serializer;
  std::size_t bytes = 0;
  for (auto _ : state)
    bytes = serializer.Serialize(registry.Collect()).size();
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_Scrape100k_PrometheusCpp)->Unit(benchmark::kMillisecond);

} // namespace
