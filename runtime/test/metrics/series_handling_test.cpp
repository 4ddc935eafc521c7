// A scrape writes a generated metric's series as it visits them
// (SeriesHandling::visited); the OTLP encoders and the health report keep
// them in the snapshot (SeriesHandling::kept). Both read the same values,
// so both must write the same exposition, byte for byte.
#include "generated/telemetry.telegen.hpp"

#include "metrics/exposition_writer.hpp"
#include "metrics/registry.hpp"
#include "support/exposition_parser.hpp"
#include "support/telemetry_fixture.hpp"
#include "telegen/span.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace telegen {
namespace {

using telemetry::method;
using telemetry::route;

constexpr detail::SpanSite serve_site{"orders.serve", SpanKind::server, "serve", "src/orders.cpp",
                                      30};

std::string exposition(ExpositionFormat format, detail::SeriesHandling series) {
  std::string out;
  detail::write_exposition(out, detail::Registry::instance().collect(series), format, true);
  // What a process reads of itself from /proc changes from one scrape to
  // the next.
  return test::without_process_metrics(out);
}

class SeriesHandlingTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

// Updates series of every kind and writes the exposition both ways.
void write_both_and_compare() {
  {
    // Exemplars on a histogram's bucket and a counter.
    SpanGuard span(serve_site);
    telemetry::http_request_duration_seconds.observe(0.07, method::GET, route::orders);
    telemetry::jobs_enqueued_total.add(2, telemetry::queue::reports);
  }
  telemetry::http_request_duration_seconds.observe(3, method::DELETE, route::health);
  telemetry::http_requests_total.add(7, method::POST, route::orders_id,
                                     telemetry::status_class::_5xx);
  telemetry::http_requests_in_flight.set(-2.5, route::health);
  telemetry::orders_queue_depth.set(1e-7);
  // A dynamic label past its max_values (3), with values to escape: the
  // series of values without a position are left out, __overflow__ shown.
  for (const char* tenant : {"acme", "say \"hi\"\n", "back\\slash", "late", "later"})
    telemetry::tenant_requests_total.inc(tenant, method::GET);

  for (const ExpositionFormat format :
       {ExpositionFormat::prometheus_text, ExpositionFormat::openmetrics}) {
    const std::string kept = exposition(format, detail::SeriesHandling::kept);
    EXPECT_NE(kept.find("tenant=\"__overflow__\""), std::string::npos);
    EXPECT_NE(kept.find("tenant=\"say \\\"hi\\\"\\n\""), std::string::npos) << kept;
    EXPECT_EQ(exposition(format, detail::SeriesHandling::visited), kept);
  }
  const test::Exposition visited = test::parse_exposition(
      exposition(ExpositionFormat::openmetrics, detail::SeriesHandling::visited));
  const test::Sample* counter = visited.sample("jobs_enqueued_total", {{"queue", "reports"}});
  ASSERT_NE(counter, nullptr);
  EXPECT_TRUE(counter->exemplar.has_value());
}

TEST_F(SeriesHandlingTest, VisitedSeriesAreWrittenAsKeptSeriesAre) {
  // The dynamic label's table is the process's, and the tests before this
  // one in the binary may have taken its three positions: in a process of
  // its own (the child runs the test again from the start), its values get
  // the positions it expects.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        write_both_and_compare();
        std::exit(::testing::Test::HasFailure() ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), "");
}

} // namespace
} // namespace telegen
