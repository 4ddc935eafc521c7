// exception.stacktrace on spans: from the frame that records the exception
// up, symbolized on the background thread.
#include "telegen/span.hpp"

#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace telegen {
namespace {

using test::find_attribute;

constexpr detail::SpanSite charge_site{"payments.charge", SpanKind::client, "charge",
                                       "src/payments.cpp", 7};

class SpanStacktraceTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

std::string stacktrace_of(const SpanData& span) {
  const auto* value = find_attribute(span.events.at(0).attributes, "exception.stacktrace");
  return value != nullptr ? std::get<std::string>(*value) : std::string();
}

[[gnu::noinline]] void charge_card(bool catch_all) {
  SpanGuard span(charge_site);
  try {
    throw std::runtime_error("card declined");
  } catch (const std::exception& e) {
    if (catch_all)
      throw;
    span.record_exception(e);
  }
}

[[gnu::noinline]] void charge_card_catch_all() {
  SpanGuard span(charge_site);
  try {
    charge_card(true);
  } catch (...) {
    span.record_exception();
  }
}

[[gnu::noinline]] void place_order() {
  charge_card(false);
  charge_card_catch_all();
}

TEST_F(SpanStacktraceTest, RecordedExceptionsCarryTheStackFromTheRecordingFrameUp) {
  place_order();
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 3u);
  // Ended in order: charge_card's own, the inner one unwound by catch_all,
  // then charge_card_catch_all's.
  const std::string recorded = stacktrace_of(spans[0]);
  EXPECT_EQ(recorded.rfind("#0 telegen::(anonymous namespace)::charge_card(bool) at ", 0), 0u)
      << recorded;
  EXPECT_NE(recorded.find("span_stacktrace_test.cpp:37\n"), std::string::npos) << recorded;
  EXPECT_NE(recorded.find("#1 telegen::(anonymous namespace)::place_order() at "),
            std::string::npos)
      << recorded;

  const std::string unwound = stacktrace_of(spans[1]);
  EXPECT_NE(unwound.find("charge_card(bool) at "), std::string::npos) << unwound;
  EXPECT_NE(unwound.find("charge_card_catch_all() at "), std::string::npos) << unwound;

  const std::string caught_all = stacktrace_of(spans[2]);
  EXPECT_EQ(caught_all.rfind("#0 telegen::(anonymous namespace)::charge_card_catch_all() at ", 0),
            0u)
      << caught_all;
  EXPECT_NE(caught_all.find("place_order() at "), std::string::npos) << caught_all;
}

} // namespace
} // namespace telegen
