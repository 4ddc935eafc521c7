// Scrapes while threads update: a scrape copies a generated module's counts
// and gauges under the registry's lock, then writes its series from those
// copies and the dynamic labels' tables after the lock is released, so two
// scrapes write at once while writers add label values. Every scrape must
// show totals that never go back, and the last one the exact total. Part of
// the runtime tests, and of telegen_tsan_tests (the runtime built with
// ThreadSanitizer), where any access of a scrape that is not synchronized
// with the writers or the other scrape is reported too.
#include "support/exposition_parser.hpp"
#include "telegen/detail/metrics.hpp"
#include "telegen/exposition.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace detail = telegen::detail;

// A counter by a dynamic label (8 values, then __overflow__) and an
// enumerated one, and a gauge, laid out as telegen generates them.
struct Layout {
  static constexpr std::size_t count_slots = 9 * 2;
  static constexpr std::size_t sum_slots = 0;
  static constexpr std::size_t gauge_slots = 2;
  static constexpr std::uint64_t fingerprint = 0x5c4a9e0d7f13b26aULL;
};
detail::ModuleStorage<Layout> storage;
detail::DynamicLabelTable<8> tenant{Layout::fingerprint, "tsan_scraped_requests_total", "tenant"};
constexpr std::string_view methods[] = {"GET", "POST"};
constexpr detail::LabelDescriptor request_labels[] = {{"tenant", tenant}, {"method", methods}};
constexpr detail::MetricDescriptor requests = detail::counter_descriptor(
    "tsan_scraped_requests_total", "Requests the scrape race test counts.", "", request_labels, 0,
    false);
constexpr detail::LabelDescriptor gauge_labels[] = {{"method", methods}};
constexpr detail::MetricDescriptor in_flight =
    detail::gauge_descriptor("tsan_scraped_in_flight", "Requests the scrape race test serves.", "",
                             gauge_labels, 0, telegen::GaugeMode::all);
constexpr const detail::MetricDescriptor* metrics[] = {&requests, &in_flight};
const detail::ModuleRegistration registration{metrics, storage};

enum class Method : std::uint8_t { get, post };

// The sum of the counter's series in one scrape.
double requests_shown(telegen::ExpositionFormat format) {
  const telegen::test::Exposition exposition =
      telegen::test::parse_exposition(telegen::metrics_text(format));
  double total = 0;
  for (const telegen::test::Sample& sample : exposition.samples)
    if (sample.name == "tsan_scraped_requests_total")
      total += sample.value;
  return total;
}

TEST(ScrapeRace, ScrapesDuringUpdatesAndLabelValuesNeverGoBack) {
  constexpr int kWriters = 2;
  constexpr int kScrapes = 40; // the writers update until the scrapes ran
  std::atomic<int> running{kWriters};
  std::atomic<int> scrapes{0};
  std::atomic<int> updates{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      int i = 0;
      for (; scrapes.load() < kScrapes; ++i) {
        // 12 tenants: the last ones overflow once the first 8 have a position.
        const std::string name = "tenant-" + std::to_string((w + i) % 12);
        const Method method = i % 2 == 0 ? Method::get : Method::post;
        detail::counter_add<requests>(storage, 1, std::string_view(name), method);
        detail::gauge_set<in_flight>(storage, static_cast<double>(i), method);
      }
      updates.fetch_add(i);
      running.fetch_sub(1);
    });
  }
  std::atomic<int> went_back{0};
  for (const telegen::ExpositionFormat format :
       {telegen::ExpositionFormat::prometheus_text, telegen::ExpositionFormat::openmetrics}) {
    threads.emplace_back([&, format] {
      double previous = 0;
      while (running.load() > 0) {
        const double shown = requests_shown(format);
        if (shown < previous)
          went_back.fetch_add(1);
        previous = shown;
        scrapes.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(went_back.load(), 0);
  EXPECT_EQ(requests_shown(telegen::ExpositionFormat::prometheus_text), updates.load());
}

} // namespace
