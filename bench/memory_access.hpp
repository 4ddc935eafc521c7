// What one random memory access costs on this machine, measured in the
// same binary as the lookups it bounds: a pointer chase over `bytes` of
// 64-byte lines (each read depends on the one before: the latency of one
// access) and reads of random lines whose addresses are known ahead (the
// processor overlaps them: the cost a loop of unrelated lookups pays).
// The buffer sits on transparent huge pages where the kernel grants them,
// as the dynamic label tables do, so the TLB does not add to the figure.
#pragma once

#include <benchmark/benchmark.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <random>
#include <vector>

namespace telegen::bench {

struct alignas(64) CacheLine {
  std::size_t next;
  char pad[64 - sizeof(std::size_t)];
};

class RandomLines {
public:
  explicit RandomLines(std::size_t bytes) : count_(bytes / sizeof(CacheLine)) {
    constexpr std::size_t huge_page = std::size_t{2} << 20;
    const std::size_t size = (count_ * sizeof(CacheLine) + huge_page - 1) / huge_page * huge_page;
    lines_ = static_cast<CacheLine*>(std::aligned_alloc(huge_page, size));
    madvise(lines_, size, MADV_HUGEPAGE); // a hint: ignore failure
    // One cycle through every line in random order (Sattolo's shuffle).
    std::vector<std::size_t> order(count_);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 random(7);
    for (std::size_t i = count_ - 1; i > 0; --i)
      std::swap(order[i], order[std::uniform_int_distribution<std::size_t>(0, i - 1)(random)]);
    for (std::size_t i = 0; i < count_; ++i)
      lines_[order[i]].next = order[(i + 1) % count_];
    targets_ = std::move(order);
  }
  ~RandomLines() { std::free(lines_); }
  RandomLines(const RandomLines&) = delete;
  RandomLines& operator=(const RandomLines&) = delete;

  std::size_t chase(std::size_t from) const { return lines_[from].next; }
  std::size_t read(std::size_t i) const { return lines_[targets_[i % count_]].next; }

private:
  std::size_t count_;
  CacheLine* lines_;
  std::vector<std::size_t> targets_;
};

// Each read's address comes from the one before: one access's latency.
inline void BM_MemoryLatency_PointerChase(benchmark::State& state) {
  const RandomLines lines(static_cast<std::size_t>(state.range(0)));
  std::size_t at = 0;
  for (auto _ : state)
    at = lines.chase(at);
  benchmark::DoNotOptimize(at);
}

// Unrelated random reads: what the processor's overlapping of misses
// brings one access down to.
inline void BM_MemoryLatency_IndependentReads(benchmark::State& state) {
  const RandomLines lines(static_cast<std::size_t>(state.range(0)));
  std::size_t i = 0;
  std::size_t sum = 0;
  for (auto _ : state)
    sum += lines.read(i++);
  benchmark::DoNotOptimize(sum);
}

} // namespace telegen::bench
