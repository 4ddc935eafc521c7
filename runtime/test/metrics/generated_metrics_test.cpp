// The module telegen generates from generated/telemetry.yaml,
// compiled and run: typed updates, then a scrape read back as a scraper
// would.
#include "generated/telemetry.telegen.hpp"

#include "support/exposition_parser.hpp"
#include "telegen/exposition.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using telegen::test::Exposition;
using telegen::test::Labels;

Exposition scrape(telegen::ExpositionFormat format = telegen::ExpositionFormat::prometheus_text) {
  return telegen::test::parse_exposition(telegen::metrics_text(format));
}

double value_of(std::string_view name, const Labels& labels = {}) {
  const auto value = scrape().find(name, labels);
  EXPECT_TRUE(value.has_value()) << name;
  return value.value_or(NAN);
}

TEST(GeneratedMetrics, CounterIncrementsOnlyTheSelectedSeries) {
  const Labels post_orders_2xx{{"method", "POST"}, {"route", "/orders"}, {"status_class", "2xx"}};
  const Labels post_orders_5xx{{"method", "POST"}, {"route", "/orders"}, {"status_class", "5xx"}};
  const double before = value_of("http_requests_total", post_orders_2xx);
  const double other_before = value_of("http_requests_total", post_orders_5xx);

  telemetry::http_requests_total.inc(telemetry::method::POST, telemetry::route::orders,
                                     telemetry::status_class::_2xx);
  telemetry::http_requests_total.add(4, telemetry::method::POST, telemetry::route::orders,
                                     telemetry::status_class::_2xx);

  EXPECT_EQ(value_of("http_requests_total", post_orders_2xx), before + 5);
  EXPECT_EQ(value_of("http_requests_total", post_orders_5xx), other_before);
}

TEST(GeneratedMetrics, EveryEnumeratedCombinationIsExposedFromTheStart) {
  const Exposition exposition = scrape();
  EXPECT_EQ(exposition.count("http_requests_total"), 3u * 3u * 4u);
  EXPECT_EQ(exposition.count("jobs_enqueued_total"), 3u);
  EXPECT_EQ(exposition.count("http_requests_in_flight"), 3u);
  EXPECT_EQ(exposition.count("http_request_duration_seconds_bucket"), 3u * 3u * 11u);
  EXPECT_TRUE(exposition.find("orders_queue_depth").has_value());
}

TEST(GeneratedMetrics, LabelValuesAreTheSchemaStringsNotTheIdentifiers) {
  telemetry::jobs_enqueued_total.inc(telemetry::queue::default_);
  telemetry::http_requests_total.inc(telemetry::method::DELETE, telemetry::route::orders_id,
                                     telemetry::status_class::_4xx);
  EXPECT_GE(value_of("jobs_enqueued_total", {{"queue", "default"}}), 1);
  EXPECT_GE(value_of("http_requests_total",
                     {{"method", "DELETE"}, {"route", "/orders/{id}"}, {"status_class", "4xx"}}),
            1);
}

TEST(GeneratedMetrics, HistogramBucketsIncludeTheirUpperBound) {
  const Labels get_health{{"method", "GET"}, {"route", "/health"}};
  auto bucket = [&](const char* le) {
    Labels labels = get_health;
    labels.emplace_back("le", le);
    return value_of("http_request_duration_seconds_bucket", labels);
  };
  const double le_0_025 = bucket("0.025");
  const double le_0_05 = bucket("0.05");
  const double le_5 = bucket("5");
  const double le_inf = bucket("+Inf");
  const double sum = value_of("http_request_duration_seconds_sum", get_health);

  using telemetry::method;
  using telemetry::route;
  telemetry::http_request_duration_seconds.observe(0.025, method::GET, route::health); // le=0.025
  telemetry::http_request_duration_seconds.observe(0.03, method::GET, route::health);  // le=0.05
  telemetry::http_request_duration_seconds.observe(7, method::GET, route::health);     // +Inf only
  telemetry::http_request_duration_seconds.observe(-1, method::GET, route::health);    // first

  EXPECT_EQ(bucket("0.025"), le_0_025 + 2);
  EXPECT_EQ(bucket("0.05"), le_0_05 + 3);
  EXPECT_EQ(bucket("5"), le_5 + 3);
  EXPECT_EQ(bucket("+Inf"), le_inf + 4);
  EXPECT_EQ(value_of("http_request_duration_seconds_count", get_health), le_inf + 4);
  EXPECT_DOUBLE_EQ(value_of("http_request_duration_seconds_sum", get_health),
                   sum + 0.025 + 0.03 + 7 - 1);
}

TEST(GeneratedMetrics, NanObservationsAreDroppedAndCounted) {
  const Labels post_health{{"method", "POST"}, {"route", "/health"}};
  const double count = value_of("http_request_duration_seconds_count", post_health);
  const double dropped = value_of("telegen_nan_observations_dropped_total");

  telemetry::http_request_duration_seconds.observe(std::nan(""), telemetry::method::POST,
                                                   telemetry::route::health);

  EXPECT_EQ(value_of("http_request_duration_seconds_count", post_health), count);
  EXPECT_EQ(value_of("telegen_nan_observations_dropped_total"), dropped + 1);
  EXPECT_FALSE(std::isnan(value_of("http_request_duration_seconds_sum", post_health)));
}

TEST(GeneratedMetrics, GaugeSetAddIncDec) {
  using telemetry::route;
  telemetry::http_requests_in_flight.set(10, route::orders);
  telemetry::http_requests_in_flight.inc(route::orders);
  telemetry::http_requests_in_flight.add(2.5, route::orders);
  telemetry::http_requests_in_flight.dec(route::orders);
  EXPECT_EQ(value_of("http_requests_in_flight", {{"route", "/orders"}}), 12.5);

  telemetry::orders_queue_depth.set(-3);
  EXPECT_EQ(value_of("orders_queue_depth"), -3);
  telemetry::orders_queue_depth.set(std::nan(""));
  EXPECT_TRUE(std::isnan(value_of("orders_queue_depth")));
  telemetry::orders_queue_depth.set(0);
}

TEST(GeneratedMetrics, DynamicLabelValuesPastMaxValuesGoToOverflow) {
  using telemetry::method;
  // max_values is 3 in the schema; this test owns the table.
  for (const char* tenant : {"acme", "globex", "initech"})
    telemetry::tenant_requests_total.inc(tenant, method::GET);
  telemetry::tenant_requests_total.add(2, "acme", method::POST);
  const Labels overflow_get{{"tenant", "__overflow__"}, {"method", "GET"}};
  EXPECT_FALSE(scrape().find("tenant_requests_total", overflow_get).has_value())
      << "no overflow series before anything overflowed";

  telemetry::tenant_requests_total.inc("umbrella", method::GET);
  telemetry::tenant_requests_total.add(3, "hooli", method::GET);

  const Exposition exposition = scrape();
  EXPECT_EQ(exposition.find("tenant_requests_total", {{"tenant", "acme"}, {"method", "GET"}}), 1);
  EXPECT_EQ(exposition.find("tenant_requests_total", {{"tenant", "acme"}, {"method", "POST"}}), 2);
  EXPECT_EQ(exposition.find("tenant_requests_total", overflow_get), 4);
  EXPECT_FALSE(exposition.find("tenant_requests_total", {{"tenant", "umbrella"}, {"method", "GET"}})
                   .has_value());
  EXPECT_EQ(exposition.find("telegen_label_overflow_total",
                            {{"metric", "tenant_requests_total"}, {"label", "tenant"}}),
            2);
  // Three tenants and the overflow series, for each method.
  EXPECT_EQ(exposition.count("tenant_requests_total"), 4u * 3u);
}

TEST(GeneratedMetrics, EnumValuesOutsideTheSchemaAreDroppedAndCounted) {
  const std::string before = telegen::metrics_text();
  const double invalid = value_of("telegen_invalid_label_values_total");

  // An enum class holds any value of its underlying type, e.g. after a cast.
  const auto bogus = static_cast<telemetry::status_class>(4);
  telemetry::http_requests_total.inc(telemetry::method::GET, telemetry::route::orders, bogus);
  telemetry::http_requests_in_flight.set(1, static_cast<telemetry::route>(200));
  telemetry::http_request_duration_seconds.observe(1, static_cast<telemetry::method>(3),
                                                   telemetry::route::orders);

  EXPECT_EQ(value_of("telegen_invalid_label_values_total"), invalid + 3);
  std::string after = telegen::metrics_text();
  const std::string counter_line = "telegen_invalid_label_values_total ";
  // Nothing else changed: compare the scrapes without the self-metric line.
  const auto without_counter = [&](std::string text) {
    const std::size_t at = text.find("\n" + counter_line);
    return text.erase(at, text.find('\n', at + 1) - at);
  };
  EXPECT_EQ(without_counter(telegen::test::without_process_metrics(after)),
            without_counter(telegen::test::without_process_metrics(before)));
}

TEST(GeneratedMetrics, DescriptorsCarryTheSchema) {
  constexpr const auto& histogram = telemetry::http_request_duration_seconds_t::descriptor;
  static_assert(histogram.name == "http_request_duration_seconds");
  static_assert(histogram.unit == "seconds");
  static_assert(histogram.type == telegen::detail::MetricType::histogram);
  static_assert(histogram.labels.size == 2 && histogram.labels[1].name == "route");
  static_assert(histogram.labels[1].values[1] == "/orders/{id}");
  static_assert(histogram.buckets.size == 10 && histogram.buckets[9] == 5);
  static_assert(histogram.series_count() == 9 && histogram.count_slots() == 99);
  constexpr const auto& tenants = telemetry::tenant_requests_total_t::descriptor;
  static_assert(tenants.labels[0].dimension == 4, "max_values + the overflow series");
}

TEST(GeneratedMetrics, OpenMetricsScrapeNamesCountersWithoutTotalAndEnds) {
  const std::string text = telegen::metrics_text(telegen::ExpositionFormat::openmetrics);
  EXPECT_NE(text.find("# TYPE http_requests counter\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE http_request_duration_seconds histogram\n"
                      "# UNIT http_request_duration_seconds seconds\n"),
            std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 6), "# EOF\n");
  const Exposition exposition = telegen::test::parse_exposition(text);
  EXPECT_EQ(exposition.count("http_requests_total"), 36u);
  EXPECT_EQ(exposition.count("http_requests_created"), 36u);
  EXPECT_EQ(exposition.count("http_request_duration_seconds_created"), 9u);
  EXPECT_TRUE(exposition
                  .find("http_request_duration_seconds_bucket",
                        {{"method", "GET"}, {"route", "/orders"}, {"le", "1.0"}})
                  .has_value());
}

} // namespace
