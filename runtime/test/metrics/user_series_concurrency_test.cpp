// A runtime family's series index (src/metrics/series_index.hpp) used by
// several threads at once while scrapes run: lookups that find a series
// take no lock, inserts grow the index under the family's mutex. Also built
// with ThreadSanitizer (telegen_tsan_tests), which reports any race.
#include "telegen/exposition.hpp"
#include "telegen/metrics.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

constexpr int kThreads = 4;
// From the index's first 16 slots to 8192: it grows nine times while the
// threads look values up.
constexpr int kValues = 3000;

std::string tenant(int value) { return "tenant-" + std::to_string(value); }
std::string shard(int value) { return value % 3 == 0 ? "a-rather-long-shard-name" : "s"; }

// The samples of `name` in a scrape, by their text after the name.
std::vector<std::string> samples_of(const std::string& text, const std::string& name) {
  std::vector<std::string> samples;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.compare(0, name.size() + 1, name + "{") == 0)
      samples.push_back(line.substr(name.size()));
  return samples;
}

TEST(UserSeriesConcurrency, ThreadsGetOneSeriesPerValueWhileTheIndexGrowsAndScrapesRun) {
  auto calls = add_counter({"concurrent_calls_total", "Calls."}, {"tenant", "shard"});
  std::vector<std::vector<Counter*>> seen(kThreads, std::vector<Counter*>(kValues));
  std::atomic<int> running{kThreads};
  std::thread scraper([&] {
    while (running.load() > 0)
      metrics_text();
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kValues; ++i) {
        const int value = (i * 7 + t * 1013) % kValues; // each thread in its own order
        Counter& counter = calls.labels(tenant(value), shard(value));
        counter.inc();
        seen[t][value] = &counter;
      }
      running.fetch_sub(1);
    });
  for (auto& thread : threads)
    thread.join();
  scraper.join();

  for (int value = 0; value < kValues; ++value) {
    for (int t = 1; t < kThreads; ++t)
      ASSERT_EQ(seen[t][value], seen[0][value]) << "value " << value;
    EXPECT_EQ(seen[0][value]->value(), static_cast<std::uint64_t>(kThreads)) << "value " << value;
    EXPECT_EQ(&calls.labels(tenant(value), shard(value)), seen[0][value]) << "value " << value;
  }
  const std::vector<std::string> samples = samples_of(metrics_text(), "concurrent_calls_total");
  ASSERT_EQ(samples.size(), static_cast<std::size_t>(kValues));
  for (const std::string& sample : samples)
    EXPECT_EQ(sample.substr(sample.rfind(' ')), " 4") << sample;
}

TEST(UserSeriesConcurrency, InvalidUtf8ValuesShareTheRepairedValuesSeriesAcrossThreads) {
  auto calls = add_counter({"concurrent_repaired_total", "Calls."}, {"tenant"});
  const std::string invalid = "caf\xC3";
  const std::string repaired = "caf\xEF\xBF\xBD";
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i)
        calls.labels((i + t) % 2 == 0 ? invalid : repaired).inc();
    });
  for (auto& thread : threads)
    thread.join();

  EXPECT_EQ(&calls.labels(invalid), &calls.labels(repaired));
  EXPECT_EQ(calls.labels(repaired).value(), 200u * kThreads);
  EXPECT_EQ(samples_of(metrics_text(), "concurrent_repaired_total").size(), 1u);
}

} // namespace
} // namespace telegen
