// The metrics hot path: generated telegen handles (runtime/test/generated)
// against prometheus-cpp in the same binary, one and two threads. For two
// threads compare the CPU column: the time each update costs its thread.
#include "generated/dynamic100k.telegen.hpp"
#include "generated/telemetry.telegen.hpp"
#include "telegen/metrics.hpp"

#include "memory_access.hpp"
#include "session.hpp"
#include "telegen/span.hpp"

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace {

using telemetry::method;
using telemetry::route;
using telemetry::status_class;

// Observed values spread over the buckets, so no library profits from a
// branch that always goes the same way.
constexpr std::array<double, 16> kLatencies = {0.001, 0.007, 0.02, 0.03,  0.07,  0.2,  0.3,  0.7,
                                               1.5,   3,     8,    0.004, 0.012, 0.04, 0.15, 0.6};

const prometheus::Labels kCounterLabels = {
    {"method", "GET"}, {"route", "/orders"}, {"status_class", "2xx"}};
const prometheus::Labels kHistogramLabels = {{"method", "GET"}, {"route", "/orders"}};
const prometheus::Histogram::BucketBoundaries kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1,
                                                          0.25,  0.5,  1,     2.5,  5};

// prometheus-cpp's objects, built once and shared by the benchmark threads.
struct PrometheusCpp {
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& counters = prometheus::BuildCounter()
                                                          .Name("http_requests_total")
                                                          .Help("HTTP requests served.")
                                                          .Register(registry);
  prometheus::Family<prometheus::Gauge>& gauges = prometheus::BuildGauge()
                                                      .Name("http_requests_in_flight")
                                                      .Help("HTTP requests being served.")
                                                      .Register(registry);
  prometheus::Family<prometheus::Histogram>& histograms =
      prometheus::BuildHistogram()
          .Name("http_request_duration_seconds")
          .Help("Time to serve an HTTP request.")
          .Register(registry);
  prometheus::Counter& counter = counters.Add(kCounterLabels);
  prometheus::Gauge& gauge = gauges.Add({{"route", "/orders"}});
  prometheus::Histogram& histogram = histograms.Add(kHistogramLabels, kBuckets);
};

PrometheusCpp& peer() {
  static PrometheusCpp instance;
  return instance;
}

// ---- counter increment, three enumerated labels

void BM_Counter_Telegen(benchmark::State& state) {
  for (auto _ : state)
    telemetry::http_requests_total.inc(method::GET, route::orders, status_class::_2xx);
}
BENCHMARK(BM_Counter_Telegen)->Threads(1)->Threads(2);

// Label values only known at run time: the slot index is computed per call.
void BM_Counter_Telegen_RuntimeLabels(benchmark::State& state) {
  unsigned i = 0;
  for (auto _ : state) {
    const auto m = static_cast<method>(i % 3);
    const auto r = static_cast<route>((i / 3) % 3);
    const auto s = static_cast<status_class>(i % 4);
    telemetry::http_requests_total.inc(m, r, s);
    ++i;
  }
}
BENCHMARK(BM_Counter_Telegen_RuntimeLabels)->Threads(1)->Threads(2);

void BM_Counter_PrometheusCpp_FamilyAdd(benchmark::State& state) {
  auto& family = peer().counters;
  for (auto _ : state)
    family.Add(kCounterLabels).Increment();
}
BENCHMARK(BM_Counter_PrometheusCpp_FamilyAdd)->Threads(1)->Threads(2);

void BM_Counter_PrometheusCpp_Cached(benchmark::State& state) {
  prometheus::Counter& counter = peer().counter;
  for (auto _ : state)
    counter.Increment();
}
BENCHMARK(BM_Counter_PrometheusCpp_Cached)->Threads(1)->Threads(2);

// A bounded dynamic label: a hash and a probe to find the value's slot.
void BM_Counter_Telegen_DynamicLabel(benchmark::State& state) {
  for (auto _ : state)
    telemetry::tenant_requests_total.inc("acme-corporation", method::GET);
}
BENCHMARK(BM_Counter_Telegen_DynamicLabel)->Threads(1)->Threads(2);

// `count` distinct label values, in a scrambled order: the lookups' order
// follows neither the order in which the values got their positions nor
// the order of their hash slots.
std::vector<std::string> scrambled_values(std::size_t count) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < count; ++i)
    values.push_back("tenant-" + std::to_string(i));
  std::shuffle(values.begin(), values.end(), std::mt19937_64(42));
  return values;
}

// The same lookup as the label's distinct values grow (10, 10k, 100k of
// its 100,000), so cache misses in the table show as growth.
void BM_Counter_Telegen_DynamicLabel_Values(benchmark::State& state) {
  const std::vector<std::string> values =
      scrambled_values(static_cast<std::size_t>(state.range(0)));
  std::vector<std::string> in_order = values;
  std::sort(in_order.begin(), in_order.end());
  for (const std::string& value : in_order)
    dynamic100k::tenant_calls_total.add(0, value);
  std::size_t i = 0;
  for (auto _ : state) {
    dynamic100k::tenant_calls_total.inc(values[i]);
    if (++i == values.size())
      i = 0;
  }
}
BENCHMARK(BM_Counter_Telegen_DynamicLabel_Values)->Arg(10)->Arg(10'000)->Arg(100'000);

// What bounds the row above: one random access to a 1 MiB, 4 MiB (about
// what the 100,000-value row touches: 2 MiB of slots, 1.6 MB of text, the
// thread's 0.8 MB of counts), 8 MiB (what its slots took when they held the
// text) and 256 MiB region, as a dependent chain and as unrelated reads
// (bench/memory_access.hpp).
using telegen::bench::BM_MemoryLatency_IndependentReads;
using telegen::bench::BM_MemoryLatency_PointerChase;
BENCHMARK(BM_MemoryLatency_PointerChase)
    ->Arg(1 << 20)
    ->Arg(4 << 20)
    ->Arg(8 << 20)
    ->Arg(256 << 20);
BENCHMARK(BM_MemoryLatency_IndependentReads)
    ->Arg(1 << 20)
    ->Arg(4 << 20)
    ->Arg(8 << 20)
    ->Arg(256 << 20);

// ---- the runtime API: a family registered at run time, its series found
// by label values on every call, 10k values; against prometheus-cpp's
// Family::Add with the same values

constexpr std::size_t kRuntimeValues = 10'000;

const std::vector<std::string>& runtime_values() {
  static const std::vector<std::string> values = scrambled_values(kRuntimeValues);
  return values;
}

const telegen::Family<telegen::Counter, 1>& user_counters() {
  static const telegen::Family<telegen::Counter, 1> family = [] {
    auto counters = telegen::add_counter({"user_calls_total", "Calls, by tenant."}, {"tenant"});
    for (const std::string& value : runtime_values())
      counters.labels(value);
    return counters;
  }();
  return family;
}

prometheus::Family<prometheus::Counter>& peer_user_counters() {
  static prometheus::Family<prometheus::Counter>& family = [&]() -> auto& {
    auto& counters = prometheus::BuildCounter()
                         .Name("user_calls_total")
                         .Help("Calls, by tenant.")
                         .Register(peer().registry);
    for (const std::string& value : runtime_values())
      counters.Add({{"tenant", value}});
    return counters;
  }
  ();
  return family;
}

// Each thread starts at its own place in the values.
std::size_t first_value(const benchmark::State& state) {
  return static_cast<std::size_t>(state.thread_index()) * kRuntimeValues / 2;
}

void BM_UserCounter_Telegen_Labels(benchmark::State& state) {
  const auto& family = user_counters();
  const std::vector<std::string>& values = runtime_values();
  std::size_t i = first_value(state);
  for (auto _ : state) {
    family.labels(values[i]).inc();
    if (++i == values.size())
      i = 0;
  }
}
BENCHMARK(BM_UserCounter_Telegen_Labels)->Threads(1)->Threads(2);

void BM_UserCounter_PrometheusCpp_FamilyAdd(benchmark::State& state) {
  auto& family = peer_user_counters();
  const std::vector<std::string>& values = runtime_values();
  std::size_t i = first_value(state);
  for (auto _ : state) {
    family.Add({{"tenant", values[i]}}).Increment();
    if (++i == values.size())
      i = 0;
  }
}
BENCHMARK(BM_UserCounter_PrometheusCpp_FamilyAdd)->Threads(1)->Threads(2);

// ---- gauge set

void BM_GaugeSet_Telegen(benchmark::State& state) {
  double value = 0;
  for (auto _ : state)
    telemetry::http_requests_in_flight.set(value++, route::orders);
}
BENCHMARK(BM_GaugeSet_Telegen)->Threads(1)->Threads(2);

void BM_GaugeSet_PrometheusCpp_FamilyAdd(benchmark::State& state) {
  auto& family = peer().gauges;
  double value = 0;
  for (auto _ : state)
    family.Add({{"route", "/orders"}}).Set(value++);
}
BENCHMARK(BM_GaugeSet_PrometheusCpp_FamilyAdd)->Threads(1)->Threads(2);

void BM_GaugeSet_PrometheusCpp_Cached(benchmark::State& state) {
  prometheus::Gauge& gauge = peer().gauge;
  double value = 0;
  for (auto _ : state)
    gauge.Set(value++);
}
BENCHMARK(BM_GaugeSet_PrometheusCpp_Cached)->Threads(1)->Threads(2);

// ---- histogram observe, ten buckets, two enumerated labels

void BM_Histogram_Telegen(benchmark::State& state) {
  unsigned i = 0;
  for (auto _ : state)
    telemetry::http_request_duration_seconds.observe(kLatencies[i++ % kLatencies.size()],
                                                     method::GET, route::orders);
}
BENCHMARK(BM_Histogram_Telegen)->Threads(1)->Threads(2);

void BM_Histogram_PrometheusCpp_FamilyAdd(benchmark::State& state) {
  auto& family = peer().histograms;
  unsigned i = 0;
  for (auto _ : state)
    family.Add(kHistogramLabels, kBuckets).Observe(kLatencies[i++ % kLatencies.size()]);
}
BENCHMARK(BM_Histogram_PrometheusCpp_FamilyAdd)->Threads(1)->Threads(2);

void BM_Histogram_PrometheusCpp_Cached(benchmark::State& state) {
  prometheus::Histogram& histogram = peer().histogram;
  unsigned i = 0;
  for (auto _ : state)
    histogram.Observe(kLatencies[i++ % kLatencies.size()]);
}
BENCHMARK(BM_Histogram_PrometheusCpp_Cached)->Threads(1)->Threads(2);

// ---- exemplars: the same updates inside one sampled span (its start and
// end are outside the timed loop), so each leaves the span's ids in its
// bucket's exemplar; the rows above are the same updates with no span.

constexpr telegen::detail::SpanSite kServeSite{"orders.serve", telegen::SpanKind::server,
                                               "serve", "bench/metrics_bench.cpp", 1};

void BM_Histogram_Telegen_InSampledSpan(benchmark::State& state) {
  telegen::bench::Session session(state);
  telegen::SpanGuard span(kServeSite);
  unsigned i = 0;
  for (auto _ : state)
    telemetry::http_request_duration_seconds.observe(kLatencies[i++ % kLatencies.size()],
                                                     method::GET, route::orders);
}
TELEGEN_BENCHMARK(BM_Histogram_Telegen_InSampledSpan);

// jobs_enqueued_total asks for exemplars (`exemplars: true`), without a
// span and inside one; BM_Counter_Telegen's counter has none.
void BM_CounterWithExemplars_Telegen(benchmark::State& state) {
  for (auto _ : state)
    telemetry::jobs_enqueued_total.inc(telemetry::queue::emails);
}
TELEGEN_BENCHMARK(BM_CounterWithExemplars_Telegen);

void BM_CounterWithExemplars_Telegen_InSampledSpan(benchmark::State& state) {
  telegen::bench::Session session(state);
  telegen::SpanGuard span(kServeSite);
  for (auto _ : state)
    telemetry::jobs_enqueued_total.inc(telemetry::queue::emails);
}
TELEGEN_BENCHMARK(BM_CounterWithExemplars_Telegen_InSampledSpan);

} // namespace
