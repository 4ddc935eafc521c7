// Per-site protection: a site over TELEGEN_TRACES_SITE_RATE_LIMIT is
// sampled down at that site, with what it keeps and samples out counted.
#include "telegen/span.hpp"

#include "support/telemetry_fixture.hpp"

#include "core/byte_queue.hpp"
#include "core/clock.hpp"
#include "metrics/counters.hpp"
#include "trace/site_limiter.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace telegen {
namespace {

using test::span_named;

// Each test has its own sites: a thread keeps a site's window across tests.

std::size_t count_named(const std::vector<SpanData>& spans, std::string_view name) {
  std::size_t n = 0;
  for (const SpanData& s : spans)
    n += s.name == name;
  return n;
}

class SiteLimiterTest : public test::TelemetryTest {
protected:
  void start_with_limit(std::uint32_t limit) {
    config_.traces.sampling.site_rate_limit = limit;
    config_.traces.batch.max_queue_size = 100000;
    start();
  }
};

// At one span a second (a burst of one), a loop of 2000 spans, which takes
// far less than a second on any machine that runs the suite, records one.
TEST_F(SiteLimiterTest, AHotChildSiteIsSampledDownAndTheOthersAreKept) {
  static constexpr detail::SpanSite request_site{"request", SpanKind::server, "h", "a.cpp", 1};
  static constexpr detail::SpanSite hot_site{"hot.helper", SpanKind::internal, "f", "a.cpp", 2};
  start_with_limit(1);
  const std::uint64_t sampled_out_before = detail::site_spans_sampled_out.value();
  {
    SpanGuard request(request_site);
    for (int i = 0; i < 2000; ++i) {
      SpanGuard hot(hot_site);
    }
  }
  const auto spans = flushed_spans();
  EXPECT_EQ(count_named(spans, "hot.helper"), 1u);
  EXPECT_EQ(count_named(spans, "request"), 1u);
  EXPECT_EQ(detail::site_spans_sampled_out.value() - sampled_out_before, 1999u);
}

TEST_F(SiteLimiterTest, ChildrenAndEventsOfASampledOutSpanGoToItsParent) {
  static constexpr detail::SpanSite request_site{"request", SpanKind::server, "h", "b.cpp", 1};
  static constexpr detail::SpanSite hot_site{"hot.helper", SpanKind::internal, "f", "b.cpp", 2};
  static constexpr detail::SpanSite inner_site{"inner", SpanKind::internal, "g", "b.cpp", 3};
  start_with_limit(1);
  {
    SpanGuard request(request_site);
    { SpanGuard first(hot_site); }
    SpanGuard second(hot_site); // over the limit: not recorded
    EXPECT_FALSE(second.is_recording());
    EXPECT_EQ(second.context().span_id, request.context().span_id);
    add_event("inside.second");
    SpanGuard inner(inner_site);
    EXPECT_TRUE(inner.is_recording());
  }
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 3u);
  const SpanData& request = span_named(spans, "request");
  EXPECT_EQ(span_named(spans, "inner").parent_span_id, request.span_id);
  EXPECT_EQ(span_named(spans, "hot.helper").parent_span_id, request.span_id);
  ASSERT_EQ(request.events.size(), 1u);
  EXPECT_EQ(request.events[0].name, "inside.second");
}

TEST_F(SiteLimiterTest, ARootSampledOutAtItsSiteTakesItsTraceWithIt) {
  static constexpr detail::SpanSite hot_root_site{"hot.root", SpanKind::internal, "f", "c.cpp", 4};
  static constexpr detail::SpanSite inner_site{"inner", SpanKind::internal, "g", "c.cpp", 3};
  start_with_limit(1);
  for (int i = 0; i < 3; ++i) {
    SpanGuard root(hot_root_site);
    SpanGuard inner(inner_site);
    EXPECT_EQ(root.is_recording(), i == 0);
    EXPECT_EQ(inner.is_recording(), i == 0);
    EXPECT_EQ(root.context().sampled(), i == 0);
  }
  const auto spans = flushed_spans();
  EXPECT_EQ(count_named(spans, "hot.root"), 1u);
  EXPECT_EQ(count_named(spans, "inner"), 1u);
}

TEST_F(SiteLimiterTest, ZeroTurnsTheLimitOff) {
  static constexpr detail::SpanSite request_site{"request", SpanKind::server, "h", "d.cpp", 1};
  static constexpr detail::SpanSite hot_site{"hot.helper", SpanKind::internal, "f", "d.cpp", 2};
  start_with_limit(0);
  {
    SpanGuard request(request_site);
    for (int i = 0; i < 500; ++i) {
      SpanGuard hot(hot_site);
    }
  }
  EXPECT_EQ(count_named(flushed_spans(), "hot.helper"), 500u);
}

// 200 span sites named <prefix>.<n>. Tests keep theirs for the process's
// life (static): a thread's limiter state names sites by address.
class SiteSet {
public:
  explicit SiteSet(const std::string& prefix) {
    for (int i = 0; i < 200; ++i)
      names_.push_back(prefix + "." + std::to_string(i));
    for (std::uint32_t i = 0; i < names_.size(); ++i)
      sites_.emplace_back(names_[i], SpanKind::internal, "f", "flood.cpp", i + 1);
  }
  SiteSet(const SiteSet&) = delete;
  SiteSet& operator=(const SiteSet&) = delete;
  const std::vector<detail::SpanSite>& sites() const { return sites_; }

private:
  std::vector<std::string> names_;
  std::vector<detail::SpanSite> sites_;
};

struct Flooded {
  std::set<const detail::SpanSite*> recorded_sites;
  std::uint64_t recorded = 0;
  std::uint64_t refused = 0; // recorded, but the queue had no room
  std::uint64_t sampled_out = 0;
};

// Each site starts 100 spans (1,000 a second allowed: a burst of 100), one
// per round, into a 64 KiB span queue that nothing drains: 20,000 spans,
// about 40 times what it holds. The rounds all come at one tick (a burst),
// or each one interval after the one before (every span on its schedule).
Flooded flood(const SiteSet& set, bool on_schedule) {
  detail::SiteLimiter limiter;
  limiter.configure(1000);
  const std::uint64_t interval = on_schedule ? limiter.interval_ticks() : 0;
  detail::ByteQueue queue(16 * 1024, 64 * 1024);
  constexpr std::size_t record_bytes = 88; // a span with no attributes
  const std::uint64_t sampled_out_before = detail::site_spans_sampled_out.value();
  const std::uint64_t t0 = detail::now_ticks();
  Flooded result;
  for (std::uint64_t round = 0; round < 100; ++round)
    for (const detail::SpanSite& site : set.sites()) {
      if (!limiter.admit(site, t0 + round * interval, &queue))
        continue;
      ++result.recorded;
      result.recorded_sites.insert(&site);
      if (queue.reserve(record_bytes) == nullptr)
        ++result.refused;
      else
        queue.commit();
    }
  result.sampled_out = detail::site_spans_sampled_out.value() - sampled_out_before;
  return result;
}

// 200 sites turn hot at once: every site records its first span; the rest
// fill the queue's first half and are then sampled out at their sites and
// counted; the queue never refuses one.
TEST(SiteLimiter, ABurstFromManySitesIsSampledDownBeforeTheQueueFills) {
  static const SiteSet set("burst");
  const Flooded result = flood(set, false);
  EXPECT_EQ(result.refused, 0u);
  EXPECT_EQ(result.recorded_sites.size(), set.sites().size());
  EXPECT_EQ(result.recorded + result.sampled_out, 20000u);
  // About half of what the queue holds once it has grown (16 + 32 KiB; a
  // 64 KiB segment would pass its 64 KiB bound): 24 KiB of 96-byte records.
  EXPECT_GE(result.recorded, 240u);
  EXPECT_LE(result.recorded, 270u);
}

// Spans that all come on their sites' schedule, faster than anything drains
// the queue (an exporter thread that gets no core): sampled out at their
// sites once the queue is 7/8 full, so the last eighth is left for the spans
// already started, and the queue refuses none.
TEST(SiteLimiter, SpansOnScheduleAreSampledOutBeforeTheQueueFills) {
  static const SiteSet set("steady");
  const Flooded result = flood(set, true);
  EXPECT_EQ(result.refused, 0u);
  EXPECT_EQ(result.recorded + result.sampled_out, 20000u);
  // About 7/8 of what the queue holds once it has grown (16 + 32 KiB):
  // 42 KiB of 96-byte records, where 48 KiB would fill it.
  EXPECT_GE(result.recorded, 430u);
  EXPECT_LE(result.recorded, 460u);
}

// By the ticks passed in: a burst of 100 ms worth (10 at 100 a second),
// then one span per interval, evenly spread, whatever comes in between.
TEST(SiteLimiter, AfterItsBurstASiteRecordsOneSpanPerInterval) {
  constexpr detail::SpanSite site{"spread", SpanKind::internal, "f", "src/app.cpp", 5};
  detail::SiteLimiter limiter;
  limiter.configure(100);
  const std::uint64_t interval = limiter.interval_ticks();
  ASSERT_GT(interval, 1u);
  const std::uint64_t sampled_out_before = detail::site_spans_sampled_out.value();
  const std::uint64_t kept_before = detail::site_spans_kept.value();
  const std::uint64_t t0 = detail::now_ticks();
  int kept = 0;
  for (int i = 0; i < 100; ++i)
    kept += limiter.admit(site, t0);
  EXPECT_EQ(kept, 10);
  // Two spans an interval: every other one is recorded.
  std::vector<int> kept_at;
  for (int k = 1; k <= 200; ++k)
    if (limiter.admit(site, t0 + k * interval / 2))
      kept_at.push_back(k);
  ASSERT_EQ(kept_at.size(), 100u);
  for (std::size_t j = 0; j < kept_at.size(); ++j)
    EXPECT_EQ(kept_at[j], static_cast<int>(2 * (j + 1)));
  EXPECT_EQ(detail::site_spans_sampled_out.value() - sampled_out_before, 190u);
  // Those recorded while the site was being sampled down.
  EXPECT_EQ(detail::site_spans_kept.value() - kept_before, 100u);
  // A site quiet for long enough records a whole burst again.
  const std::uint64_t later = t0 + 1000 * interval;
  kept = 0;
  for (int i = 0; i < 100; ++i)
    kept += limiter.admit(site, later);
  EXPECT_EQ(kept, 10);
}

} // namespace
} // namespace telegen
