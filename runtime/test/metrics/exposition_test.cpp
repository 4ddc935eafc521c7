// The public exposition API: content negotiation and metrics_text() over
// everything registered in this test binary.
#include "telegen/exposition.hpp"

#include "support/exposition_parser.hpp"
#include "telegen/detail/self_metrics.hpp"
#include "telegen/metrics.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace telegen {
namespace {

using Format = ExpositionFormat;

// What Prometheus 2.42 sends when it scrapes.
constexpr std::string_view kPrometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

TEST(Negotiation, PrometheusGetsOpenMetrics) {
  EXPECT_EQ(negotiate_exposition_format(kPrometheusAccept), Format::openmetrics);
}

TEST(Negotiation, TextIsTheDefault) {
  EXPECT_EQ(negotiate_exposition_format(""), Format::prometheus_text);
  EXPECT_EQ(negotiate_exposition_format("*/*"), Format::prometheus_text);
  EXPECT_EQ(negotiate_exposition_format("text/html, application/json"), Format::prometheus_text);
  EXPECT_EQ(negotiate_exposition_format("text/plain; version=0.0.4"), Format::prometheus_text);
}

TEST(Negotiation, OpenMetricsWhenPreferredByQValue) {
  EXPECT_EQ(negotiate_exposition_format("application/openmetrics-text"), Format::openmetrics);
  EXPECT_EQ(negotiate_exposition_format("Application/OpenMetrics-Text; Version=1.0.0"),
            Format::openmetrics);
  EXPECT_EQ(negotiate_exposition_format("application/*;q=0.9, text/plain;q=0.8"),
            Format::openmetrics);
  EXPECT_EQ(negotiate_exposition_format(
                "application/openmetrics-text;version=1.0.0;q=0.2,text/plain;q=0.9"),
            Format::prometheus_text);
  EXPECT_EQ(negotiate_exposition_format("application/openmetrics-text;q=0"),
            Format::prometheus_text);
}

TEST(Negotiation, OnlyVersionOneOfOpenMetricsCounts) {
  EXPECT_EQ(negotiate_exposition_format("application/openmetrics-text;version=0.0.1"),
            Format::prometheus_text);
  EXPECT_EQ(negotiate_exposition_format("application/openmetrics-text;version=\"1.0.0\""),
            Format::openmetrics);
}

TEST(Negotiation, ContentTypesNameFormatVersionAndCharset) {
  EXPECT_EQ(content_type(Format::prometheus_text), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(content_type(Format::openmetrics),
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
}

std::vector<std::string> family_names(const test::Exposition& exposition) {
  std::vector<std::string> names;
  for (const std::string& comment : exposition.comments)
    if (comment.rfind(" TYPE ", 0) == 0)
      names.push_back(comment.substr(6, comment.find(' ', 6) - 6));
  return names;
}

TEST(MetricsText, FamiliesAreSortedByName) {
  add_gauge({"aaa_first_gauge", "Sorts first."});
  add_gauge({"zzz_last_gauge", "Sorts last."});
  const auto names = family_names(test::parse_exposition(metrics_text()));
  ASSERT_GE(names.size(), 2u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(names.front(), "aaa_first_gauge");
}

TEST(MetricsText, IsIdenticalWhenNothingChanges) {
  using test::without_process_metrics;
  EXPECT_EQ(without_process_metrics(metrics_text()), without_process_metrics(metrics_text()));
  EXPECT_EQ(without_process_metrics(metrics_text(Format::openmetrics)),
            without_process_metrics(metrics_text(Format::openmetrics)));
}

detail::SelfCounter exposition_test_drops{"telegen_exposition_test_drops_total",
                                          "Drops the exposition test counts."};

TEST(MetricsText, ReportsEverySelfCounter) {
  exposition_test_drops.add(3);
  const test::Exposition exposition = test::parse_exposition(metrics_text());
  EXPECT_EQ(exposition.find("telegen_exposition_test_drops_total"), 3);
  for (const detail::SelfCounter* counter = detail::first_self_counter(); counter != nullptr;
       counter = counter->next())
    EXPECT_TRUE(exposition.find(counter->name()).has_value()) << counter->name();
  EXPECT_NE(std::find(exposition.comments.begin(), exposition.comments.end(),
                      " TYPE telegen_label_overflow_total counter"),
            exposition.comments.end());
}

TEST(MetricsText, OpenMetricsEndsWithEof) {
  const std::string text = metrics_text(Format::openmetrics);
  ASSERT_GE(text.size(), 6u);
  EXPECT_EQ(text.substr(text.size() - 6), "# EOF\n");
  EXPECT_EQ(metrics_text().find("# EOF"), std::string::npos);
}

} // namespace
} // namespace telegen
