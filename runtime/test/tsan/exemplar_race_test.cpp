// Exemplars written and scraped at once: threads observe a histogram inside
// sampled spans, rewriting one bucket's exemplar, while another thread
// scrapes. Every exemplar a scrape shows must be one a writer wrote whole
// (its trace id, span id and value together). Part of the runtime tests,
// and of telegen_tsan_tests (the runtime built with ThreadSanitizer), where
// any access of the writers' seqlock and the scrape that is not
// synchronized is reported too.
#include "support/exposition_parser.hpp"
#include "telegen/config.hpp"
#include "telegen/detail/metrics.hpp"
#include "telegen/exporter.hpp"
#include "telegen/exposition.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace {

namespace detail = telegen::detail;

// One histogram of ten buckets without labels, laid out as telegen
// generates it.
struct Layout {
  static constexpr std::size_t count_slots = 11;
  static constexpr std::size_t sum_slots = 1;
  static constexpr std::size_t gauge_slots = 0;
  static constexpr std::uint64_t fingerprint = 0x7e5a0e8e3b1a2c4dULL;
};
detail::ModuleStorage<Layout> storage;
constexpr double buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
constexpr detail::MetricDescriptor latency = detail::histogram_descriptor(
    "tsan_latency_seconds", "Latency the race test observes.", "seconds", {}, buckets, 0, 0, true);
constexpr const detail::MetricDescriptor* metrics[] = {&latency};
const detail::ModuleRegistration registration{metrics, storage};

constexpr telegen::detail::SpanSite site{"tsan.serve", telegen::SpanKind::server, "serve",
                                         "exemplar_race_test.cpp", 1};

class DiscardingExporter : public telegen::SpanExporter {
public:
  bool export_batch(const telegen::Resource&, const std::vector<telegen::SpanData>&) override {
    return true;
  }
};

TEST(ExemplarRace, ScrapesDuringUpdatesShowOnlyWholeExemplars) {
  telegen::Config config;
  config.service_name = "tsan";
  config.traces.exporter = std::make_shared<DiscardingExporter>();
  config.logs.file_path = "/dev/null";
  telegen::start(config);

  constexpr int kWriters = 3;
  constexpr int kUpdates = 2000;
  using Written = std::tuple<std::string, std::string, double>;
  std::mutex written_mutex;
  std::set<Written> written;
  std::atomic<int> running{kWriters};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      std::vector<Written> mine;
      for (int i = 0; i < kUpdates; ++i) {
        const double value = 1.0 + 0.0001 * (w * kUpdates + i); // all in le="2.5"
        telegen::SpanGuard span(site);
        detail::histogram_observe<latency>(storage, value);
        mine.emplace_back(span.context().trace_id.to_hex(), span.context().span_id.to_hex(),
                          value);
      }
      std::lock_guard<std::mutex> lock(written_mutex);
      written.insert(mine.begin(), mine.end());
      running.fetch_sub(1);
    });
  }
  std::vector<Written> shown;
  const auto scrape = [&] {
    const telegen::test::Exposition exposition = telegen::test::parse_exposition(
        telegen::metrics_text(telegen::ExpositionFormat::openmetrics));
    const telegen::test::Sample* sample =
        exposition.sample("tsan_latency_seconds_bucket", {{"le", "2.5"}});
    if (sample != nullptr && sample->exemplar)
      shown.emplace_back(sample->exemplar->labels.at(0).second,
                         sample->exemplar->labels.at(1).second, sample->exemplar->value);
  };
  while (running.load() > 0)
    scrape();
  for (std::thread& writer : writers)
    writer.join();
  scrape();
  telegen::shutdown();
  ASSERT_FALSE(shown.empty());
  for (const Written& exemplar : shown)
    EXPECT_EQ(written.count(exemplar), 1u) << std::get<0>(exemplar) << " " << std::get<2>(exemplar);
}

} // namespace
