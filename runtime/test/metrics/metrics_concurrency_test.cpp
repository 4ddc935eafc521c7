// Threads update generated metrics (and come and go) while another thread
// scrapes: every scrape is consistent per series and never goes back, and
// the final totals are exact.
#include "generated/telemetry.telegen.hpp"

#include "support/exposition_parser.hpp"
#include "telegen/exposition.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

using telegen::test::Exposition;
using telegen::test::Labels;
using telemetry::method;
using telemetry::route;

std::string key(const telegen::test::Sample& sample) {
  std::string key = sample.name;
  for (const auto& [name, value] : sample.labels)
    key += "," + name + "=" + value;
  return key;
}

// Checks one scrape of the histogram: cumulative buckets, +Inf == _count.
void expect_consistent_histogram(const Exposition& exposition, const Labels& series) {
  double previous = 0;
  for (const char* le :
       {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "+Inf"}) {
    Labels labels = series;
    labels.emplace_back("le", le);
    const double bucket = exposition.find("http_request_duration_seconds_bucket", labels).value();
    ASSERT_GE(bucket, previous) << "le=" << le;
    previous = bucket;
  }
  ASSERT_EQ(exposition.find("http_request_duration_seconds_count", series).value(), previous);
}

TEST(MetricsConcurrency, ScrapesDuringUpdatesAreConsistentAndTotalsExact) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 20;    // each worker thread is replaced this many times
  constexpr int kUpdates = 2000; // per worker thread
  const Labels get_orders{{"method", "GET"}, {"route", "/orders"}};
  const Labels counter_series{{"method", "GET"}, {"route", "/orders"}, {"status_class", "2xx"}};

  const Exposition start = telegen::test::parse_exposition(telegen::metrics_text());
  const double counter_start = start.find("http_requests_total", counter_series).value();
  const double count_start = start.find("http_request_duration_seconds_count", get_orders).value();
  const double sum_start = start.find("http_request_duration_seconds_sum", get_orders).value();
  const double jobs_start = start.find("jobs_enqueued_total", {{"queue", "emails"}}).value();

  std::atomic<bool> done{false};
  int scrapes = 0;
  std::thread scraper([&] {
    std::map<std::string, double> last;
    while (!done.load()) {
      const Exposition exposition = telegen::test::parse_exposition(telegen::metrics_text());
      expect_consistent_histogram(exposition, get_orders);
      for (const auto& sample : exposition.samples) {
        if (sample.name.find("_total") == std::string::npos &&
            sample.name.find("_bucket") == std::string::npos)
          continue; // gauges and sums may go down
        double& previous = last[key(sample)];
        ASSERT_GE(sample.value, previous) << key(sample);
        previous = sample.value;
      }
      ++scrapes;
    }
  });

  for (int round = 0; round < kRounds; ++round) {
    std::vector<std::thread> workers;
    for (int t = 0; t < kThreads; ++t)
      workers.emplace_back([] {
        for (int i = 0; i < kUpdates; ++i) {
          telemetry::http_requests_total.inc(method::GET, route::orders,
                                             telemetry::status_class::_2xx);
          telemetry::http_request_duration_seconds.observe(0.25, method::GET, route::orders);
          telemetry::jobs_enqueued_total.add(2, telemetry::queue::emails);
        }
      });
    for (auto& worker : workers)
      worker.join();
  }
  done = true;
  scraper.join();

  const double total_updates = double(kRounds) * kThreads * kUpdates;
  const Exposition end = telegen::test::parse_exposition(telegen::metrics_text());
  EXPECT_EQ(end.find("http_requests_total", counter_series).value() - counter_start, total_updates);
  EXPECT_EQ(end.find("http_request_duration_seconds_count", get_orders).value() - count_start,
            total_updates);
  EXPECT_DOUBLE_EQ(end.find("http_request_duration_seconds_sum", get_orders).value() - sum_start,
                   0.25 * total_updates);
  EXPECT_EQ(end.find("jobs_enqueued_total", {{"queue", "emails"}}).value() - jobs_start,
            2 * total_updates);
  EXPECT_GT(scrapes, 0);
  EXPECT_LE(telemetry::telegen_detail::storage.shards().slab_count(), std::size_t{kThreads + 2})
      << "slabs of exited threads are reused";
}

} // namespace
