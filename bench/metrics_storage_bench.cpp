// The storage strategies considered for generated metrics, measured so the
// choice in docs/metrics.md can be checked on any machine. Only the last of
// each group is what telegen uses (ModuleStorage: a per-thread slab written
// with a plain load and store); the others exist here alone.
#include "telegen/detail/metrics.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <atomic>
#include <cstdint>

namespace {

using telegen::detail::ModuleStorage;

struct Layout {
  static constexpr std::size_t count_slots = 64;
  static constexpr std::size_t sum_slots = 1;
  static constexpr std::size_t gauge_slots = 0;
  static constexpr std::uint64_t fingerprint = 1;
};
ModuleStorage<Layout> storage;

// One slot shared by every thread: a lock-prefixed add on a shared line.
alignas(64) std::atomic<std::uint64_t> shared_slot{0};

void BM_Strategy_SharedAtomicAdd(benchmark::State& state) {
  for (auto _ : state)
    shared_slot.fetch_add(1, std::memory_order_relaxed);
}
BENCHMARK(BM_Strategy_SharedAtomicAdd)->Threads(1)->Threads(2);

// The thread's own slot, still with a lock-prefixed read-modify-write.
void BM_Strategy_PerThreadAtomicAdd(benchmark::State& state) {
  for (auto _ : state)
    storage.local().counts[7].fetch_add(1, std::memory_order_relaxed);
}
BENCHMARK(BM_Strategy_PerThreadAtomicAdd)->Threads(1)->Threads(2);

// Chosen: the thread's own slot, one writer, so a relaxed load and store.
void BM_Strategy_PerThreadLoadStore(benchmark::State& state) {
  for (auto _ : state)
    telegen::detail::bump(storage.local().counts[7], 1);
}
BENCHMARK(BM_Strategy_PerThreadLoadStore)->Threads(1)->Threads(2);

constexpr std::array<double, 16> kValues = {0.001, 0.007, 0.02, 0.03,  0.07,  0.2,  0.3,  0.7,
                                            1.5,   3,     8,    0.004, 0.012, 0.04, 0.15, 0.6};
constexpr double kBounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

std::size_t bucket_of(double value) {
  std::size_t bucket = 0;
  for (const double bound : kBounds)
    bucket += value > bound;
  return bucket;
}

// Histogram with a per-slab sequence number around each observation, so a
// scrape could read sum and buckets as one snapshot.
void BM_Strategy_HistogramSeqlock(benchmark::State& state) {
  unsigned i = 0;
  for (auto _ : state) {
    const double value = kValues[i++ % kValues.size()];
    auto& slab = storage.local();
    auto& sequence = slab.counts[63];
    const std::uint64_t odd = sequence.load(std::memory_order_relaxed) + 1;
    sequence.store(odd, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    telegen::detail::bump(slab.counts[bucket_of(value)], 1);
    slab.sums[0].store(slab.sums[0].load(std::memory_order_relaxed) + value,
                       std::memory_order_relaxed);
    sequence.store(odd + 1, std::memory_order_release);
  }
}
BENCHMARK(BM_Strategy_HistogramSeqlock)->Threads(1)->Threads(2);

// Chosen: buckets and sum written independently; _count derives from the
// buckets, so only the sum can lag a scrape by the observations in flight.
void BM_Strategy_HistogramPlain(benchmark::State& state) {
  unsigned i = 0;
  for (auto _ : state) {
    const double value = kValues[i++ % kValues.size()];
    auto& slab = storage.local();
    telegen::detail::bump(slab.counts[bucket_of(value)], 1);
    slab.sums[0].store(slab.sums[0].load(std::memory_order_relaxed) + value,
                       std::memory_order_relaxed);
  }
}
BENCHMARK(BM_Strategy_HistogramPlain)->Threads(1)->Threads(2);

} // namespace
