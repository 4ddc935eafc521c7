#include "metrics/exposition_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace telegen::detail {
namespace {

using Format = ExpositionFormat;

std::string write(const FamilySnapshot& family, Format format, bool created = true) {
  std::string out;
  write_exposition(out, {family}, format, created);
  return out;
}

FamilySnapshot requests() {
  FamilySnapshot family;
  family.name = "requests_total";
  family.help = "Requests.";
  family.type = MetricType::counter;
  family.label_names = {"method", "code"};
  family.created = 1700000000.25;
  family.series.push_back({{"GET", "200"}, 12, 0, {}});
  family.series.push_back({{"POST", "500"}, 0, 0, {}});
  return family;
}

FamilySnapshot latency(std::vector<double> bounds = {0.1, 1}) {
  FamilySnapshot family;
  family.name = "latency_seconds";
  family.help = "Latency.";
  family.unit = "seconds";
  family.type = MetricType::histogram;
  family.label_names = {"route"};
  family.bounds = std::move(bounds);
  family.created = 1700000000;
  family.series.push_back({{"/a"}, 5, 2.75, {1, 4, 5}});
  return family;
}

TEST(ExpositionWriter, CounterInTheTextFormat) {
  EXPECT_EQ(write(requests(), Format::prometheus_text),
            "# HELP requests_total Requests.\n"
            "# TYPE requests_total counter\n"
            "requests_total{method=\"GET\",code=\"200\"} 12\n"
            "requests_total{method=\"POST\",code=\"500\"} 0\n");
}

TEST(ExpositionWriter, CounterInOpenMetricsHasAFamilyNameWithoutTotalAndCreated) {
  EXPECT_EQ(write(requests(), Format::openmetrics),
            "# TYPE requests counter\n"
            "# HELP requests Requests.\n"
            "requests_total{method=\"GET\",code=\"200\"} 12\n"
            "requests_created{method=\"GET\",code=\"200\"} 1700000000.250\n"
            "requests_total{method=\"POST\",code=\"500\"} 0\n"
            "requests_created{method=\"POST\",code=\"500\"} 1700000000.250\n"
            "# EOF\n");
}

TEST(ExpositionWriter, CreatedSamplesCanBeLeftOut) {
  EXPECT_EQ(write(requests(), Format::openmetrics, false),
            "# TYPE requests counter\n"
            "# HELP requests Requests.\n"
            "requests_total{method=\"GET\",code=\"200\"} 12\n"
            "requests_total{method=\"POST\",code=\"500\"} 0\n"
            "# EOF\n");
  const std::string histogram = write(latency(), Format::openmetrics, false);
  EXPECT_EQ(histogram.find("_created"), std::string::npos) << histogram;
}

const TraceId kTrace = *TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736");
const SpanId kSpan = *SpanId::from_hex("00f067aa0ba902b7");

TEST(ExpositionWriter, ExemplarsFollowTheirSampleInOpenMetricsOnly) {
  FamilySnapshot counter = requests();
  counter.exemplars.push_back({1, 0, kTrace, kSpan, 2, 1700000000.5});
  EXPECT_EQ(write(counter, Format::openmetrics, false),
            "# TYPE requests counter\n"
            "# HELP requests Requests.\n"
            "requests_total{method=\"GET\",code=\"200\"} 12\n"
            "requests_total{method=\"POST\",code=\"500\"} 0 # "
            "{trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\",span_id=\"00f067aa0ba902b7\"} 2 "
            "1700000000.500\n"
            "# EOF\n");
  EXPECT_EQ(write(counter, Format::prometheus_text), write(requests(), Format::prometheus_text));

  FamilySnapshot histogram = latency();
  histogram.exemplars.push_back({0, 1, kTrace, kSpan, 0.25, 1700000001});
  EXPECT_EQ(write(histogram, Format::openmetrics, false),
            "# TYPE latency_seconds histogram\n"
            "# UNIT latency_seconds seconds\n"
            "# HELP latency_seconds Latency.\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"1.0\"} 4 # "
            "{trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\",span_id=\"00f067aa0ba902b7\"} 0.25 "
            "1700000001.000\n"
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 5\n"
            "latency_seconds_count{route=\"/a\"} 5\n"
            "latency_seconds_sum{route=\"/a\"} 2.75\n"
            "# EOF\n");
  EXPECT_EQ(write(histogram, Format::prometheus_text), write(latency(), Format::prometheus_text));
}

TEST(ExpositionWriter, HistogramInTheTextFormat) {
  EXPECT_EQ(write(latency(), Format::prometheus_text),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"1\"} 4\n"
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 5\n"
            "latency_seconds_sum{route=\"/a\"} 2.75\n"
            "latency_seconds_count{route=\"/a\"} 5\n");
}

TEST(ExpositionWriter, HistogramInOpenMetricsHasUnitCanonicalBoundsAndCreated) {
  EXPECT_EQ(write(latency(), Format::openmetrics),
            "# TYPE latency_seconds histogram\n"
            "# UNIT latency_seconds seconds\n"
            "# HELP latency_seconds Latency.\n"
            "latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"
            "latency_seconds_bucket{route=\"/a\",le=\"1.0\"} 4\n"
            "latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 5\n"
            "latency_seconds_count{route=\"/a\"} 5\n"
            "latency_seconds_sum{route=\"/a\"} 2.75\n"
            "latency_seconds_created{route=\"/a\"} 1700000000.000\n"
            "# EOF\n");
}

TEST(ExpositionWriter, OpenMetricsHistogramWithNegativeBoundsHasNoSumNorCount) {
  FamilySnapshot family = latency({-1, 1});
  const std::string text = write(family, Format::openmetrics);
  EXPECT_EQ(text.find("_sum"), std::string::npos);
  EXPECT_EQ(text.find("_count"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/a\",le=\"-1.0\"} 1\n"), std::string::npos);
  EXPECT_NE(write(family, Format::prometheus_text).find("latency_seconds_sum"), std::string::npos);
}

TEST(ExpositionWriter, UnitThatIsNotTheNamesSuffixIsLeftOut) {
  FamilySnapshot family = latency();
  family.unit = "bytes";
  EXPECT_EQ(write(family, Format::openmetrics).find("# UNIT"), std::string::npos);
}

TEST(ExpositionWriter, LabelValuesEscapeBackslashQuoteAndLineFeed) {
  FamilySnapshot family = requests();
  family.series = {{{"a\\b", "say \"hi\"\nbye"}, 1, 0, {}}};
  const std::string expected =
      "requests_total{method=\"a\\\\b\",code=\"say \\\"hi\\\"\\nbye\"} 1\n";
  EXPECT_NE(write(family, Format::prometheus_text).find(expected), std::string::npos);
}

TEST(ExpositionWriter, HelpEscapesQuotesOnlyInOpenMetrics) {
  FamilySnapshot family = requests();
  family.help = "Path C:\\x, \"quoted\"\nsecond line";
  EXPECT_NE(write(family, Format::prometheus_text)
                .find("# HELP requests_total Path C:\\\\x, \"quoted\"\\nsecond line\n"),
            std::string::npos);
  EXPECT_NE(write(family, Format::openmetrics)
                .find("# HELP requests Path C:\\\\x, \\\"quoted\\\"\\nsecond line\n"),
            std::string::npos);
}

TEST(ExpositionWriter, GaugeValuesIncludeNanAndInfinities) {
  FamilySnapshot family;
  family.name = "temperature";
  family.help = "T.";
  family.type = MetricType::gauge;
  family.label_names = {"probe"};
  family.series.push_back({{"a"}, 0, std::numeric_limits<double>::quiet_NaN(), {}});
  family.series.push_back({{"b"}, 0, std::numeric_limits<double>::infinity(), {}});
  family.series.push_back({{"c"}, 0, -std::numeric_limits<double>::infinity(), {}});
  family.series.push_back({{"d"}, 0, -0.5, {}});
  for (const Format format : {Format::prometheus_text, Format::openmetrics}) {
    const std::string text = write(family, format);
    EXPECT_NE(text.find("temperature{probe=\"a\"} NaN\n"), std::string::npos);
    EXPECT_NE(text.find("temperature{probe=\"b\"} +Inf\n"), std::string::npos);
    EXPECT_NE(text.find("temperature{probe=\"c\"} -Inf\n"), std::string::npos);
    EXPECT_NE(text.find("temperature{probe=\"d\"} -0.5\n"), std::string::npos);
  }
}

TEST(ExpositionWriter, FamilyWithoutSeriesHasOnlyItsMetadata) {
  FamilySnapshot family = requests();
  family.series.clear();
  EXPECT_EQ(write(family, Format::prometheus_text),
            "# HELP requests_total Requests.\n# TYPE requests_total counter\n");
}

TEST(ExpositionWriter, EmptyOpenMetricsExpositionIsJustEof) {
  std::string out;
  write_exposition(out, {}, Format::openmetrics, true);
  EXPECT_EQ(out, "# EOF\n");
}

std::string go(double value) {
  std::string out;
  append_go_float(out, value);
  return out;
}

std::string le(double value) {
  std::string out;
  append_le_value(out, value, Format::openmetrics);
  return out;
}

TEST(ExpositionWriter, FloatsAreWrittenAsGoWritesThem) {
  EXPECT_EQ(go(0), "0");
  EXPECT_EQ(go(0.005), "0.005");
  EXPECT_EQ(go(2.5), "2.5");
  EXPECT_EQ(go(100000), "100000");
  EXPECT_EQ(go(1e6), "1e+06");
  EXPECT_EQ(go(1234567), "1.234567e+06");
  EXPECT_EQ(go(0.0001), "0.0001");
  EXPECT_EQ(go(0.00001), "1e-05");
  EXPECT_EQ(go(1.1e23), "1.1e+23");
  EXPECT_EQ(go(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(go(-3), "-3");
}

TEST(ExpositionWriter, OpenMetricsBoundsAreCanonical) {
  // The examples the OpenMetrics specification gives.
  EXPECT_EQ(le(0), "0.0");
  EXPECT_EQ(le(0.001), "0.001");
  EXPECT_EQ(le(0.95), "0.95");
  EXPECT_EQ(le(1), "1.0");
  EXPECT_EQ(le(10), "10.0");
  EXPECT_EQ(le(1e-10), "1e-10");
  EXPECT_EQ(le(1e-9), "1e-09");
  EXPECT_EQ(le(100000), "100000.0");
  EXPECT_EQ(le(1e6), "1e+06");
  EXPECT_EQ(le(1e10), "1e+10");
  EXPECT_EQ(le(std::numeric_limits<double>::infinity()), "+Inf");
}

} // namespace
} // namespace telegen::detail
