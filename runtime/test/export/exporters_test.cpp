// The built-in exporters chosen by name, and the fallback when the OTLP
// component is not linked (this test binary does not link telegen::otlp).
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace telegen {
namespace {

using namespace std::chrono_literals;

constexpr detail::SpanSite site{"exported", SpanKind::client, "f", "f.cpp", 1};

class ExportersTest : public test::TelemetryTest {
protected:
  void start_named(std::vector<std::string> names) {
    config_.traces.exporters = std::move(names);
    telegen::start(config_);
  }
};

TEST_F(ExportersTest, JsonlWritesOneOtlpRequestPerLine) {
  start_named({"jsonl"});
  { SpanGuard a(site); }
  ASSERT_TRUE(telegen::force_flush(5s));
  { SpanGuard b(site); }
  ASSERT_TRUE(telegen::force_flush(5s));
  const auto lines = test::read_lines(config_.traces.file_path);
  ASSERT_EQ(lines.size(), 2u);
  for (const std::string& line : lines) {
    const test::Json request = test::parse_json(line);
    EXPECT_EQ(request["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"].str(), "exported");
  }
}

// Held spans reach the file through SpanData (the tail sampler keeps
// them), sampled ones as views: both land in the same request.
TEST_F(ExportersTest, JsonlWritesHeldSpansKeptByTheTailBesideSampledOnes) {
  static constexpr std::string_view keys[] = {"order.id"};
  static constexpr detail::SpanSite keyed{"keyed", SpanKind::server, "g", "g.cpp", 2, keys};
  config_.traces.sampling.sampler = Sampler::always_off;
  config_.traces.sampling.keep_errors = true;
  start_named({"jsonl"});
  {
    SpanGuard root(keyed);
    root.set_attribute(0, 42);
    SpanGuard child(site);
    child.set_error("declined");
  }
  ASSERT_TRUE(telegen::force_flush(5s));
  const auto lines = test::read_lines(config_.traces.file_path);
  ASSERT_EQ(lines.size(), 1u);
  const test::Json spans = test::parse_json(lines[0])["resourceSpans"][0]["scopeSpans"][0]["spans"];
  ASSERT_EQ(spans.arr().size(), 2u);
  EXPECT_EQ(spans[0]["name"].str(), "exported");
  EXPECT_EQ(spans[0]["status"]["message"].str(), "declined");
  EXPECT_EQ(spans[1]["name"].str(), "keyed");
  bool has_order_id = false;
  for (const test::Json& a : spans[1]["attributes"].arr())
    has_order_id |= a["key"].str() == "order.id" && a["value"]["intValue"].str() == "42";
  EXPECT_TRUE(has_order_id) << lines[0];
  EXPECT_EQ(spans[0]["parentSpanId"].str(), spans[1]["spanId"].str());
}

TEST_F(ExportersTest, ConsolePrintsOneLinePerSpan) {
  start_named({"console"});
  testing::internal::CaptureStdout();
  {
    SpanGuard span(site);
    span.set_attribute("peer", "db");
  }
  ASSERT_TRUE(telegen::force_flush(5s));
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(out.rfind("span exported trace=", 0), 0u) << out;
  EXPECT_NE(out.find(" peer=db"), std::string::npos) << out;
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1);
}

TEST_F(ExportersTest, SeveralNamesFanOut) {
  start_named({"jsonl", "console"});
  testing::internal::CaptureStdout();
  { SpanGuard span(site); }
  ASSERT_TRUE(telegen::force_flush(5s));
  EXPECT_NE(testing::internal::GetCapturedStdout().find("span exported"), std::string::npos);
  EXPECT_EQ(test::read_lines(config_.traces.file_path).size(), 1u);
}

TEST_F(ExportersTest, OtlpChosenWithoutTheOtlpComponentSaysSoAndFallsBackToJsonl) {
  config_.traces.exporters_chosen = true; // as OTEL_TRACES_EXPORTER=otlp does
  testing::internal::CaptureStderr();
  start_named({"otlp"});
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("telegen::otlp is not linked"), std::string::npos) << err;
  { SpanGuard span(site); }
  ASSERT_TRUE(telegen::force_flush(5s));
  EXPECT_EQ(test::read_lines(config_.traces.file_path).size(), 1u);
}

TEST_F(ExportersTest, DefaultOtlpWithoutTheOtlpComponentSaysOnceThatSpansGoToTheFileOnly) {
  // Once per process: in a process of its own (the child runs the test
  // again from the start), since the tests before it in this binary have
  // said it already.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        testing::internal::CaptureStderr();
        start_named({"otlp"});
        start_named({"otlp"});
        const std::string err = testing::internal::GetCapturedStderr();
        const std::string line = "telegen: spans go to " + config_.traces.file_path +
                                 " only: OTEL_TRACES_EXPORTER defaults to otlp, but "
                                 "telegen::otlp is not linked into this program";
        if (err.rfind(line, 0) != 0 || std::count(err.begin(), err.end(), '\n') != 1) {
          std::fprintf(stderr, "expected once: %s\ngot: %s", line.c_str(), err.c_str());
          std::_Exit(1);
        }
        { SpanGuard span(site); }
        if (!telegen::force_flush(5s) || test::read_lines(config_.traces.file_path).size() != 1) {
          std::fprintf(stderr, "the span is not in %s\n", config_.traces.file_path.c_str());
          std::_Exit(1);
        }
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(ExportersTest, NoExporterRecordsNothing) {
  config_.traces.enabled = false;
  config_.traces.exporters.clear();
  telegen::start(config_);
  SpanGuard span(site);
  EXPECT_FALSE(span.is_recording());
  EXPECT_TRUE(span.context().valid()) << "context still propagates";
}

} // namespace
} // namespace telegen
