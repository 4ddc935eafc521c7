// The spans of a request in debug mode: each carries telegen.debug, on any
// thread, and adds its time to the request's breakdown (bounded, repeats
// counted); spans outside debug mode do neither. A message field carries
// the debug token as HTTP headers do, and the receiver verifies it.
#include "http/debug_api.hpp"
#include "http/debug_token.hpp"

#include "context/context_access.hpp"
#include "metrics/counters.hpp"
#include "telegen/context.hpp"
#include "telegen/detail/debug_mode.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <tuple>

namespace telegen::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const std::string secret(32, 'q');

constexpr SpanSite handler_site{"handler", SpanKind::server, "handle", __FILE__, __LINE__};
constexpr SpanSite step_site{"step", SpanKind::internal, "step", __FILE__, __LINE__};
constexpr SpanSite pooled_site{"pooled", SpanKind::internal, "pooled", __FILE__, __LINE__};

TEST(DebugSpanTimesTest, RepeatsAreCountedAndPairsBeyondTheBoundSumIntoOther) {
  DebugSpanTimes times;
  times.add("db.query", "handler", 10);
  times.add("db.query", "handler", 30);
  times.add("db.query", "", 5); // the same name under another parent is another entry
  for (std::size_t i = 0; i < DebugSpanTimes::max_entries; ++i)
    times.add("loop." + std::to_string(i), "handler", 1);

  const DebugSpanTimes::Snapshot snapshot = times.snapshot();
  ASSERT_EQ(snapshot.entries.size(), DebugSpanTimes::max_entries);
  EXPECT_EQ(snapshot.entries[0].name, "db.query");
  EXPECT_EQ(snapshot.entries[0].parent, "handler");
  EXPECT_EQ(snapshot.entries[0].count, 2u);
  EXPECT_EQ(snapshot.entries[0].ticks, 40u);
  EXPECT_EQ(snapshot.entries[1].parent, "");
  // Two pairs did not fit: "loop.62" and "loop.63".
  EXPECT_EQ(snapshot.other.count, 2u);
  EXPECT_EQ(snapshot.other.ticks, 2u);
  times.add("loop.63", "handler", 3);
  EXPECT_EQ(times.snapshot().other.count, 3u) << "a pair that did not fit never gets an entry";

  // Longest first, "(other)" last, ticks converted to milliseconds.
  const test::Json json = test::parse_json(times.json(0.5));
  ASSERT_EQ(json.arr().size(), DebugSpanTimes::max_entries + 1);
  EXPECT_EQ(json[0]["name"].str(), "db.query");
  EXPECT_EQ(json[0]["parent"].str(), "handler");
  EXPECT_EQ(json[0]["count"].num(), 2);
  EXPECT_EQ(json[0]["duration_ms"].num(), 20);
  EXPECT_EQ(json[1]["name"].str(), "db.query");
  EXPECT_TRUE(json[1]["parent"].is_null());
  const test::Json& other = json[DebugSpanTimes::max_entries];
  EXPECT_EQ(other["name"].str(), "(other)");
  EXPECT_TRUE(other["parent"].is_null());
  EXPECT_EQ(other["count"].num(), 3);
  EXPECT_EQ(other["duration_ms"].num(), 2.5);
  EXPECT_EQ(DebugSpanTimes().json(1.0), "[]");
}

// Contexts from carriers, verified with the configured secret, and spans
// exported whatever their mode (always_on).
class DebugSpansTest : public test::TelemetryTest {
protected:
  void SetUp() override {
    config_.traces.sampling.sampler = Sampler::always_on;
    start();
    install_debug_verifier();
    DebugApiConfig config;
    config.secret = secret;
    configure_debug_api(config);
  }
  void TearDown() override {
    configure_debug_api(DebugApiConfig());
    TelemetryTest::TearDown();
  }

  static std::string token(Clock::time_point expires_at = Clock::now() + 1min,
                           std::string_view key = secret) {
    return sign_debug_token({new_debug_id(), DebugScope::all, std::nullopt, expires_at}, key);
  }
  static Context from_headers(const std::string& debug_token) {
    std::multimap<std::string, std::string> headers = {{"X-Frontend-ID", "web"}};
    if (!debug_token.empty())
      headers.emplace("X-Debug-Token", debug_token);
    return extract(HeaderCarrier(headers));
  }
  static const DebugMode* mode_of(const Context& context) {
    return ContextAccess::extras(context)->debug.get();
  }
  // A handler span with two steps on this thread and `pooled_spans` spans
  // on each of two other threads, under `context`.
  static void serve(const Context& context, int pooled_spans = 1) {
    Scope scope(context);
    SpanGuard handler(handler_site);
    { SpanGuard step(step_site); }
    { SpanGuard step(step_site); }
    auto pooled = bind_context([pooled_spans] {
      for (int i = 0; i < pooled_spans; ++i) {
        SpanGuard span(pooled_site);
      }
    });
    std::thread first(pooled);
    std::thread second(pooled);
    first.join();
    second.join();
  }
  static bool flagged(const SpanData& span) {
    const Value* flag = test::find_attribute(span.attributes, "telegen.debug");
    return flag != nullptr && *flag == Value(true);
  }
};

TEST_F(DebugSpansTest, EverySpanOfADebugRequestCarriesTelegenDebugOnAnyThread) {
  serve(from_headers(token()));
  const std::vector<SpanData> spans = flushed_spans();
  ASSERT_EQ(spans.size(), 5u);
  for (const SpanData& span : spans)
    EXPECT_TRUE(flagged(span)) << span.name;
}

TEST_F(DebugSpansTest, SpansOutsideDebugModeDoNotCarryIt) {
  serve(from_headers(""));
  serve(Context());
  const std::vector<SpanData> spans = flushed_spans();
  ASSERT_EQ(spans.size(), 10u);
  for (const SpanData& span : spans)
    EXPECT_EQ(test::find_attribute(span.attributes, "telegen.debug"), nullptr) << span.name;
}

TEST_F(DebugSpansTest, TheRequestsSpansFromEveryThreadLandInItsBreakdown) {
  const Context request = from_headers(token());
  ASSERT_NE(mode_of(request), nullptr);
  // Five times the per-site rate limit's burst (100 at the default 1,000 a
  // second): a request in debug mode is never sampled down at a site.
  const std::uint64_t sampled_out_before = site_spans_sampled_out.value();
  serve(request, 500);
  EXPECT_EQ(site_spans_sampled_out.value(), sampled_out_before);
  std::map<std::tuple<std::string, std::string>, std::uint64_t> counts;
  for (const DebugSpanTimes::Entry& entry : mode_of(request)->span_times.snapshot().entries)
    counts[{entry.name, entry.parent}] = entry.count;
  // A parent on another thread is not named.
  const std::map<std::tuple<std::string, std::string>, std::uint64_t> expected = {
      {{"handler", ""}, 1}, {{"step", "handler"}, 2}, {{"pooled", ""}, 1000}};
  EXPECT_EQ(counts, expected);

  // Another request's breakdown is its own.
  const Context other = from_headers(token());
  serve(other, 0);
  EXPECT_EQ(mode_of(other)->span_times.snapshot().entries.size(), 2u);
}

TEST_F(DebugSpansTest, AMessageFieldCarriesTheTokenAndTheConsumerVerifiesIt) {
  const std::string valid = token();
  const std::string field = inject_field(from_headers(valid));
  EXPECT_NE(field.find("x-debug-token=" + valid), std::string::npos) << field;
  const Context consumed = extract_field(field);
  ASSERT_NE(mode_of(consumed), nullptr);
  EXPECT_EQ(mode_of(consumed)->token, valid);
  serve(consumed);
  const std::vector<SpanData> spans = flushed_spans();
  ASSERT_EQ(spans.size(), 5u);
  for (const SpanData& span : spans)
    EXPECT_TRUE(flagged(span)) << span.name;

  // A message with headers (a string map) carries it too.
  std::map<std::string, std::string> headers;
  MapCarrier<std::map<std::string, std::string>> carrier(headers);
  inject(consumed, carrier);
  EXPECT_EQ(headers["x-debug-token"], valid);
  EXPECT_NE(mode_of(extract(carrier)), nullptr);
}

TEST_F(DebugSpansTest, AForgedOrExpiredTokenInAMessageIsIgnoredAndCounted) {
  const std::string forged = token(Clock::now() + 1min, std::string(32, 'x'));
  const std::string expired = token(Clock::now() - 1s);
  const std::uint64_t before = ignored_debug_tokens();
  for (const std::string& bad : {forged, expired}) {
    const Context consumed = extract_field("x-frontend-id=web;x-debug-token=" + bad);
    EXPECT_EQ(mode_of(consumed), nullptr) << bad;
    EXPECT_FALSE(consumed.request().request_id.empty()); // consumed as usual
    EXPECT_EQ(inject_field(consumed).find("x-debug-token"), std::string::npos)
        << "an ignored token is not passed on";
  }
  EXPECT_EQ(ignored_debug_tokens(), before + 2);
}

} // namespace
} // namespace telegen::detail
