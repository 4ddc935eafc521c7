// Exemplars: updates inside a sampled span leave the span's ids on their
// bucket (or counter) in OpenMetrics, never in the Prometheus text format.
// tsan/exemplar_race_test.cpp scrapes during updates.
#include "generated/telemetry.telegen.hpp"

#include "support/exposition_parser.hpp"
#include "support/telemetry_fixture.hpp"
#include "telegen/exposition.hpp"
#include "telegen/span.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

namespace telegen {
namespace {

using telemetry::method;
using telemetry::route;
using test::Exposition;
using test::Labels;

constexpr detail::SpanSite serve_site{"orders.serve", SpanKind::server, "serve",
                                      "src/orders.cpp", 12};

Exposition scrape(ExpositionFormat format) {
  return test::parse_exposition(metrics_text(format));
}

double unix_seconds_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Labels bucket(const char* method_value, const char* route_value, const char* le) {
  return {{"method", method_value}, {"route", route_value}, {"le", le}};
}

Labels exemplar_labels(const SpanContext& span) {
  return {{"trace_id", span.trace_id.to_hex()}, {"span_id", span.span_id.to_hex()}};
}

class ExemplarTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

TEST_F(ExemplarTest, HistogramBucketCarriesTheSampledSpansIds) {
  const double before = unix_seconds_now();
  SpanContext span_context;
  {
    SpanGuard span(serve_site);
    span_context = span.context();
    telemetry::http_request_duration_seconds.observe(0.07, method::DELETE, route::health);
  }
  const double after = unix_seconds_now();

  const Exposition openmetrics = scrape(ExpositionFormat::openmetrics);
  const test::Sample* sample = openmetrics.sample("http_request_duration_seconds_bucket",
                                                  bucket("DELETE", "/health", "0.1"));
  ASSERT_NE(sample, nullptr);
  ASSERT_TRUE(sample->exemplar.has_value());
  EXPECT_EQ(sample->exemplar->labels, exemplar_labels(span_context));
  EXPECT_EQ(sample->exemplar->value, 0.07);
  EXPECT_GE(sample->exemplar->timestamp, before - 0.01);
  EXPECT_LE(sample->exemplar->timestamp, after + 0.01);
  // Only the bucket the value fell in; cumulative buckets above it do not
  // repeat it.
  for (const char* le : {"0.05", "0.25", "+Inf"})
    EXPECT_FALSE(openmetrics.sample("http_request_duration_seconds_bucket",
                                    bucket("DELETE", "/health", le))
                     ->exemplar.has_value())
        << le;

  const std::string text = metrics_text(ExpositionFormat::prometheus_text);
  EXPECT_EQ(text.find("trace_id"), std::string::npos);
}

TEST_F(ExemplarTest, NoSpanOrAnUnsampledSpanLeavesNone) {
  telemetry::http_request_duration_seconds.observe(0.3, method::POST, route::health);
  EXPECT_FALSE(scrape(ExpositionFormat::openmetrics)
                   .sample("http_request_duration_seconds_bucket", bucket("POST", "/health", "0.5"))
                   ->exemplar.has_value());

  telegen::shutdown();
  config_.traces.sampling.sampler = Sampler::always_off;
  start();
  {
    SpanGuard span(serve_site);
    telemetry::http_request_duration_seconds.observe(0.3, method::POST, route::health);
  }
  EXPECT_FALSE(scrape(ExpositionFormat::openmetrics)
                   .sample("http_request_duration_seconds_bucket", bucket("POST", "/health", "0.5"))
                   ->exemplar.has_value());
}

TEST_F(ExemplarTest, CountersCarryOneWhenTheSchemaAsks) {
  SpanContext span_context;
  {
    SpanGuard span(serve_site);
    span_context = span.context();
    // jobs_enqueued_total says `exemplars: true`; http_requests_total, a
    // counter, has none by default.
    telemetry::jobs_enqueued_total.add(3, telemetry::queue::default_);
    telemetry::http_requests_total.inc(method::DELETE, route::health,
                                       telemetry::status_class::_5xx);
  }
  const Exposition openmetrics = scrape(ExpositionFormat::openmetrics);
  const test::Sample* jobs = openmetrics.sample("jobs_enqueued_total", {{"queue", "default"}});
  ASSERT_TRUE(jobs->exemplar.has_value());
  EXPECT_EQ(jobs->exemplar->labels, exemplar_labels(span_context));
  EXPECT_EQ(jobs->exemplar->value, 3);
  EXPECT_FALSE(openmetrics
                   .sample("http_requests_total",
                           {{"method", "DELETE"}, {"route", "/health"}, {"status_class", "5xx"}})
                   ->exemplar.has_value());
}

TEST_F(ExemplarTest, TheNewestOfAllThreadsIsShown) {
  const auto observe_in_span = [](double value) {
    SpanGuard span(serve_site);
    telemetry::http_request_duration_seconds.observe(value, method::GET, route::health);
    return span.context();
  };
  SpanContext older;
  std::thread([&] { older = observe_in_span(0.02); }).join();
  const SpanContext newer = observe_in_span(0.015);
  ASSERT_NE(older.trace_id, newer.trace_id);
  const Exposition openmetrics = scrape(ExpositionFormat::openmetrics);
  const test::Sample* sample =
      openmetrics.sample("http_request_duration_seconds_bucket", bucket("GET", "/health", "0.025"));
  ASSERT_TRUE(sample->exemplar.has_value());
  EXPECT_EQ(sample->exemplar->labels, exemplar_labels(newer));
  EXPECT_EQ(sample->exemplar->value, 0.015);
}

} // namespace
} // namespace telegen
