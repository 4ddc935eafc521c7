#include "telegen/detail/metrics.hpp"

#include "support/constinit.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace telegen::detail {
namespace {

struct TestLayout {
  static constexpr std::size_t count_slots = 4;
  static constexpr std::size_t sum_slots = 2;
  static constexpr std::size_t gauge_slots = 1;
  static constexpr std::uint64_t fingerprint = 1;
};

TELEGEN_TEST_CONSTINIT ModuleStorage<TestLayout> storage;

struct Totals {
  std::vector<std::uint64_t> counts = std::vector<std::uint64_t>(TestLayout::count_slots);
  std::vector<double> sums = std::vector<double>(TestLayout::sum_slots);
};

Totals totals() {
  Totals totals;
  storage.shards().sum(totals.counts.data(), totals.sums.data());
  return totals;
}

// Runs `body` on `n` threads that are all alive at the same time.
template <class Body> void run_together(int n, Body body) {
  std::mutex mutex;
  std::condition_variable all_done;
  int done = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < n; ++t)
    threads.emplace_back([&, t] {
      body(t);
      std::unique_lock<std::mutex> lock(mutex);
      ++done;
      all_done.notify_all();
      all_done.wait(lock, [&] { return done == n; });
    });
  for (auto& thread : threads)
    thread.join();
}

TEST(ThreadShards, ConcurrentThreadsEachGetASlabAndScrapesAddThemUp) {
  // The test's own thread holds a slab too, whichever test ran first.
  storage.local();
  const Totals before = totals();
  const std::size_t slabs_before = storage.shards().slab_count();

  run_together(3, [](int t) {
    for (int i = 0; i <= t; ++i)
      bump(storage.local().counts[1], 10);
    auto& sum = storage.local().sums[0];
    sum.store(sum.load() + 0.5 * (t + 1));
  });

  const Totals after = totals();
  EXPECT_EQ(after.counts[1] - before.counts[1], 10u + 20u + 30u);
  EXPECT_DOUBLE_EQ(after.sums[0] - before.sums[0], 0.5 + 1.0 + 1.5);
  EXPECT_EQ(after.counts[0], before.counts[0]);
  EXPECT_GE(storage.shards().slab_count(), slabs_before);
  EXPECT_LE(storage.shards().slab_count(), std::max<std::size_t>(slabs_before, 1 + 3))
      << "this thread and three live threads need four slabs, no more";
}

TEST(ThreadShards, ExitedThreadsHandTheirSlabAndCountsToTheNextThread) {
  const Totals before = totals();
  std::thread([] { bump(storage.local().counts[2], 1); }).join();
  const std::size_t slabs = storage.shards().slab_count();

  for (int i = 0; i < 50; ++i)
    std::thread([] { bump(storage.local().counts[2], 1); }).join();

  EXPECT_EQ(storage.shards().slab_count(), slabs) << "one thread at a time reuses one slab";
  EXPECT_EQ(totals().counts[2] - before.counts[2], 51u);
}

TEST(ThreadShards, UpdatesFromThreadLocalDestructorsAreKept) {
  struct UpdatesOnExit {
    ~UpdatesOnExit() { bump(storage.local().counts[3], 7); }
  };
  // The test's own thread holds a slab too, whichever test ran first.
  storage.local();
  const Totals before = totals();
  const std::size_t slabs_before = storage.shards().slab_count();

  for (int i = 0; i < 5; ++i)
    std::thread([] {
      // Constructed before the thread's first update, so destroyed after
      // anything the thread's first update set up.
      static thread_local UpdatesOnExit on_exit;
      (void)on_exit;
      bump(storage.local().counts[3], 1);
    }).join();

  EXPECT_EQ(totals().counts[3] - before.counts[3], 5u * 8u);
  EXPECT_LE(storage.shards().slab_count(), std::max<std::size_t>(slabs_before, 1 + 1))
      << "slabs attached during thread exit are released too";
}

TEST(ThreadShards, TheMainThreadKeepsItsSlab) {
  auto& first = storage.local();
  bump(first.counts[0], 2);
  EXPECT_EQ(&storage.local(), &first);
}

TEST(ThreadShards, GaugesAreProcessWide) {
  storage.gauge(0).store(4.5);
  double seen = 0;
  std::thread([&] { seen = storage.gauge(0).load(); }).join();
  EXPECT_EQ(seen, 4.5);
}

} // namespace
} // namespace telegen::detail
