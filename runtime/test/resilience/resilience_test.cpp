// Generated event emitters (generated/checkout.telegen.hpp) compiled and
// run: one call writes the log line, updates the metrics and marks the
// current span, and keeps the dependency's state for /health. Also the
// adapters, and DependencyState on its own.
#include "generated/checkout.telegen.hpp"

#include "support/exposition_parser.hpp"
#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"
#include "telegen/exposition.hpp"
#include "telegen/span.hpp"

#include "metrics/counters.hpp"
#include "resilience/dependency_registry.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using checkout::resilience::dependency;
using test::Json;
using test::Labels;
namespace resilience = checkout::resilience;

constexpr detail::SpanSite call_site{"payments.charge", SpanKind::client, "charge", "payments.cpp",
                                     7};

double metric(std::string_view name, const Labels& labels) {
  const auto value = test::parse_exposition(metrics_text()).find(name, labels);
  EXPECT_TRUE(value.has_value()) << name;
  return value.value_or(-1);
}

double breaker_gauge(std::string_view dependency) {
  return metric("circuit_breaker_state", {{"dependency", std::string(dependency)}});
}

double transitions(std::string_view dependency, std::string_view from, std::string_view to) {
  return metric("circuit_breaker_transitions_total", {{"dependency", std::string(dependency)},
                                                      {"from_state", std::string(from)},
                                                      {"to_state", std::string(to)}});
}

std::vector<std::string> keys_of(const Json& record) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : record.obj())
    keys.push_back(key);
  return keys;
}

const detail::DependencyState& state_of(std::string_view name) {
  for (const detail::RegisteredDependency& d : detail::registered_dependencies())
    if (d.descriptor->name == name)
      return *d.state;
  throw std::runtime_error("no dependency " + std::string(name));
}

class ResilienceEvents : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }

  std::vector<Json> records() {
    std::vector<Json> out;
    for (const std::string& line : flushed_log_lines())
      out.push_back(test::parse_json(line));
    return out;
  }
  // Puts a dependency's breaker in a known state before a test.
  static void reset(dependency d) {
    resilience::breaker_state_changed(d, BreakerState::open, BreakerState::closed);
  }
};

TEST_F(ResilienceEvents, RetryAttemptWritesTheContractFieldsInOrderAtWarning) {
  std::string trace_id;
  const int line = __LINE__ + 4;
  {
    SpanGuard span(call_site);
    trace_id = span.context().trace_id.to_hex();
    resilience::retry_attempt(dependency::payments, 2)
        .max_attempts(3)
        .error("connection reset")
        .duration_ms(1523.4ms);
  }
  const auto all = records();
  ASSERT_EQ(all.size(), 1u);
  const Json& r = all[0];
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{
                            "timestamp", "level", "logger", "event", "func_name", "lineno",
                            "source", "trace_id", "span_id", "resilience_event", "dependency",
                            "duration_ms", "attempt", "error", "max_attempts"}));
  EXPECT_EQ(r["level"].str(), "WARNING");
  EXPECT_EQ(r["logger"].str(), "resilience");
  EXPECT_EQ(r["event"].str(), "retry_attempt");
  EXPECT_EQ(r["func_name"].str(), "TestBody");
  EXPECT_EQ(r["lineno"].num(), line);
  EXPECT_NE(r["source"].str().find("resilience_test.cpp"), std::string::npos);
  EXPECT_EQ(r["trace_id"].str(), trace_id);
  EXPECT_EQ(r["resilience_event"].str(), "retry_attempt");
  EXPECT_EQ(r["dependency"].str(), "payments");
  EXPECT_EQ(r["duration_ms"].num(), 1523.4);
  EXPECT_EQ(r["attempt"].num(), 2);
  EXPECT_EQ(r["error"].str(), "connection reset");
  EXPECT_EQ(r["max_attempts"].num(), 3);
}

TEST_F(ResilienceEvents, FieldsNotGivenAreNullSoAttemptIsNullOutsideRetries) {
  resilience::timeout_exceeded(dependency::inventory).duration_ms(std::chrono::seconds(2));
  const auto all = records();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["duration_ms"].num(), 2000);
  EXPECT_TRUE(all[0]["attempt"].is_null());
  EXPECT_TRUE(all[0]["error"].is_null());
  EXPECT_FALSE(all[0].has("trace_id")); // no span, no process context
}

TEST_F(ResilienceEvents, EveryEventIsWrittenAtTheContractsLevel) {
  reset(dependency::inventory);
  resilience::circuit_breaker_opened(dependency::inventory);
  resilience::circuit_breaker_half_open(dependency::inventory);
  resilience::circuit_breaker_closed(dependency::inventory);
  resilience::circuit_breaker_rejected(dependency::inventory);
  resilience::retry_attempt(dependency::inventory, 1);
  resilience::retry_exhausted(dependency::inventory, 3);
  resilience::timeout_exceeded(dependency::inventory);
  resilience::bulkhead_rejected(dependency::inventory);
  resilience::bulkhead_contention(dependency::inventory, 1200ms);
  const std::map<std::string, std::string> expected = {
      {"circuit_breaker_opened", "ERROR"}, {"circuit_breaker_half_open", "WARNING"},
      {"circuit_breaker_closed", "INFO"},  {"circuit_breaker_rejected", "WARNING"},
      {"retry_attempt", "WARNING"},        {"retry_exhausted", "ERROR"},
      {"timeout_exceeded", "WARNING"},     {"bulkhead_rejected", "WARNING"},
      {"bulkhead_contention", "WARNING"}};
  std::map<std::string, std::string> seen;
  for (const Json& r : records()) {
    EXPECT_EQ(r["event"].str(), r["resilience_event"].str());
    seen[r["event"].str()] = r["level"].str();
  }
  EXPECT_EQ(seen, expected);
}

TEST_F(ResilienceEvents, RetriesTimeoutsAndRejectionsAreCounted) {
  const Labels retry{{"dependency", "payments"}, {"outcome", "retry"}};
  const Labels exhausted{{"dependency", "payments"}, {"outcome", "exhausted"}};
  const Labels payments{{"dependency", "payments"}};
  const double retries = metric("retry_attempts_total", retry);
  const double exhaustions = metric("retry_attempts_total", exhausted);
  const double timeouts = metric("timeout_exceeded_total", payments);
  const double rejections = metric("bulkhead_rejections_total", payments);

  resilience::retry_attempt(dependency::payments, 1);
  resilience::retry_attempt(dependency::payments, 2);
  resilience::retry_exhausted(dependency::payments, 3);
  resilience::timeout_exceeded(dependency::payments);
  resilience::bulkhead_rejected(dependency::payments);
  resilience::circuit_breaker_rejected(dependency::payments); // counts nothing

  EXPECT_EQ(metric("retry_attempts_total", retry), retries + 2);
  EXPECT_EQ(metric("retry_attempts_total", exhausted), exhaustions + 1);
  EXPECT_EQ(metric("timeout_exceeded_total", payments), timeouts + 1);
  EXPECT_EQ(metric("bulkhead_rejections_total", payments), rejections + 1);
}

TEST_F(ResilienceEvents, BreakerEventsSetTheStateGaugeAndCountTransitionsFromTheLastState) {
  reset(dependency::payments);
  EXPECT_EQ(breaker_gauge("payments"), 0);
  const double closed_open = transitions("payments", "closed", "open");
  const double open_half = transitions("payments", "open", "half_open");
  const double half_closed = transitions("payments", "half_open", "closed");
  const double half_open = transitions("payments", "half_open", "open");

  resilience::circuit_breaker_opened(dependency::payments).failure_count(5).threshold(5);
  EXPECT_EQ(breaker_gauge("payments"), 2);
  resilience::circuit_breaker_half_open(dependency::payments);
  EXPECT_EQ(breaker_gauge("payments"), 1);
  resilience::circuit_breaker_opened(dependency::payments); // the trial call failed
  resilience::circuit_breaker_half_open(dependency::payments);
  resilience::circuit_breaker_closed(dependency::payments);
  EXPECT_EQ(breaker_gauge("payments"), 0);

  EXPECT_EQ(transitions("payments", "closed", "open"), closed_open + 1);
  EXPECT_EQ(transitions("payments", "open", "half_open"), open_half + 2);
  EXPECT_EQ(transitions("payments", "half_open", "open"), half_open + 1);
  EXPECT_EQ(transitions("payments", "half_open", "closed"), half_closed + 1);

  std::vector<std::string> from;
  for (const Json& r : records())
    if (r["dependency"].str() == "payments" && r["event"].str() != "circuit_breaker_closed")
      from.push_back(r["from_state"].str());
  EXPECT_EQ(from, (std::vector<std::string>{"closed", "open", "half_open", "open"}));
}

TEST_F(ResilienceEvents, AFromStateTheCallerGivesWins) {
  reset(dependency::inventory);
  const double before = transitions("inventory", "half_open", "open");
  resilience::circuit_breaker_opened(dependency::inventory)
      .from_state(resilience::from_state::half_open);
  EXPECT_EQ(transitions("inventory", "half_open", "open"), before + 1);
  const auto all = records();
  EXPECT_EQ(all.back()["from_state"].str(), "half_open");
  reset(dependency::inventory);
}

TEST_F(ResilienceEvents, TheSameFieldsBecomeAnEventOnTheCurrentSpan) {
  {
    SpanGuard span(call_site);
    resilience::retry_attempt(dependency::payments, 2).error("connection reset").duration_ms(12ms);
  }
  const auto spans = flushed_spans();
  const SpanData& span = test::span_named(spans, "payments.charge");
  ASSERT_EQ(span.events.size(), 1u);
  const SpanEvent& event = span.events[0];
  EXPECT_EQ(event.name, "retry_attempt");
  const auto attribute = [&](std::string_view key) {
    return *test::find_attribute(event.attributes, key);
  };
  EXPECT_EQ(std::get<std::string>(attribute("resilience_event")), "retry_attempt");
  EXPECT_EQ(std::get<std::string>(attribute("dependency")), "payments");
  EXPECT_EQ(std::get<double>(attribute("duration_ms")), 12);
  EXPECT_EQ(std::get<std::int64_t>(attribute("attempt")), 2);
  EXPECT_EQ(std::get<std::string>(attribute("error")), "connection reset");
  EXPECT_EQ(span.status, StatusCode::unset); // WARNING does not fail the span
}

TEST_F(ResilienceEvents, ErrorLevelEventsMarkTheSpanWithTheirError) {
  {
    SpanGuard span(call_site);
    resilience::retry_exhausted(dependency::payments, 3).error("503 from payments");
  }
  {
    static constexpr detail::SpanSite store_site{"orders.store", SpanKind::internal, "store",
                                                 "orders.cpp", 9};
    SpanGuard span(store_site);
    checkout::order_store_failed("o-1");
  }
  const auto spans = flushed_spans();
  const SpanData& charge = test::span_named(spans, "payments.charge");
  EXPECT_EQ(charge.status, StatusCode::error);
  EXPECT_EQ(charge.status_message, "503 from payments");
  const SpanData& store = test::span_named(spans, "orders.store");
  EXPECT_EQ(store.status, StatusCode::error);
  EXPECT_EQ(store.status_message, "order_store_failed"); // no error field given
}

TEST_F(ResilienceEvents, FailuresAreKeptPerDependencyUntilTheBreakerCloses) {
  reset(dependency::inventory);
  const detail::DependencyState& inventory = state_of("inventory");
  EXPECT_EQ(inventory.snapshot().failures, 0u);
  resilience::retry_attempt(dependency::inventory, 1).error("reset by peer");
  resilience::timeout_exceeded(dependency::inventory).error("no answer in 2 s");
  resilience::bulkhead_rejected(dependency::inventory); // local, not a failure of the call
  auto s = inventory.snapshot();
  EXPECT_EQ(s.failures, 2u);
  EXPECT_EQ(std::string_view(s.last_error, s.last_error_size), "no answer in 2 s");
  EXPECT_NE(s.last_failure_ticks, 0u);

  resilience::circuit_breaker_opened(dependency::inventory);
  EXPECT_EQ(inventory.snapshot().failures, 2u);
  const std::uint64_t recovered_before = inventory.snapshot().recovered_ticks;
  resilience::circuit_breaker_half_open(dependency::inventory);
  resilience::circuit_breaker_closed(dependency::inventory);
  s = inventory.snapshot();
  EXPECT_EQ(s.failures, 0u);
  EXPECT_EQ(s.state, BreakerState::closed);
  EXPECT_GT(s.recovered_ticks, recovered_before);
  EXPECT_GT(s.recovery_ticks, 0u);
  EXPECT_EQ(std::string_view(s.last_error, s.last_error_size), "no answer in 2 s"); // kept
}

TEST_F(ResilienceEvents, TheServicesOwnEventsFollowTheirSchema) {
  const Labels app{{"channel", "app"}};
  const Labels web{{"channel", "web"}};
  const double app_orders = metric("orders_placed_total", app);
  const double web_orders = metric("orders_placed_total", web);
  const double slow_checkouts = metric("checkout_duration_seconds_bucket", {{"le", "5"}}) -
                                metric("checkout_duration_seconds_bucket", {{"le", "1"}});

  checkout::order_placed("o-1", 3)
      .channel(checkout::channel::app)
      .payment(checkout::order_placed_payment::invoice)
      .amount(99.5)
      .express(true)
      .checkout_time(2s)
      .shipping_address("1 Main St, Springfield");
  checkout::order_placed("o-2", 1); // channel defaults to web; no checkout time observed

  EXPECT_EQ(metric("orders_placed_total", app), app_orders + 1);
  EXPECT_EQ(metric("orders_placed_total", web), web_orders + 1);
  // 2000 ms is observed as 2 seconds, the histogram's unit.
  EXPECT_EQ(metric("checkout_duration_seconds_bucket", {{"le", "5"}}) -
                metric("checkout_duration_seconds_bucket", {{"le", "1"}}),
            slow_checkouts + 1);

  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["logger"].str(), "checkout");
  EXPECT_EQ(all[0]["level"].str(), "INFO");
  EXPECT_EQ(all[0]["order_id"].str(), "o-1");
  EXPECT_EQ(all[0]["items"].num(), 3);
  EXPECT_EQ(all[0]["channel"].str(), "app");
  EXPECT_EQ(all[0]["payment"].str(), "invoice");
  EXPECT_EQ(all[0]["amount"].num(), 99.5);
  EXPECT_EQ(all[0]["express"].boolean(), true);
  EXPECT_EQ(all[0]["checkout_time"].num(), 2000);
  EXPECT_EQ(all[0]["shipping_address"].str(), "[REDACTED]"); // by the schema, not the name
  EXPECT_EQ(all[1]["channel"].str(), "web");
  EXPECT_TRUE(all[1]["payment"].is_null());
  EXPECT_TRUE(all[1]["shipping_address"].is_null());
}

TEST_F(ResilienceEvents, BelowTheLogLevelTheMetricsAndSpanStillAgree) {
  config_.logs.level = Level::error;
  start();
  const Labels retry{{"dependency", "payments"}, {"outcome", "retry"}};
  const double before = metric("retry_attempts_total", retry);
  {
    SpanGuard span(call_site);
    resilience::retry_attempt(dependency::payments, 1);
  }
  EXPECT_EQ(metric("retry_attempts_total", retry), before + 1);
  EXPECT_EQ(test::span_named(flushed_spans(), "payments.charge").events.size(), 1u);
  EXPECT_TRUE(records().empty());
}

TEST_F(ResilienceEvents, ADependencyOutsideTheEnumIsWrittenAsItsNumberAndNotCounted) {
  const auto bogus = static_cast<dependency>(7);
  const std::uint64_t dropped = [] {
    const auto v =
        test::parse_exposition(metrics_text()).find("telegen_invalid_label_values_total");
    return static_cast<std::uint64_t>(v.value_or(0));
  }();
  resilience::retry_attempt(bogus, 1);
  resilience::circuit_breaker_opened(bogus);
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["dependency"].num(), 7);
  EXPECT_EQ(all[1]["from_state"].str(), "closed"); // the usual state, nothing reported
  const auto after =
      test::parse_exposition(metrics_text()).find("telegen_invalid_label_values_total");
  EXPECT_EQ(static_cast<std::uint64_t>(after.value_or(0)), dropped + 3); // retry, gauge, transition
}

TEST_F(ResilienceEvents, BreakerAdapterMapsAStateChangeToItsEvent) {
  reset(dependency::inventory);
  const double before = transitions("inventory", "closed", "open");
  resilience::breaker_state_changed(dependency::inventory, BreakerState::closed,
                                    BreakerState::open);
  resilience::breaker_state_changed(dependency::inventory, BreakerState::open, BreakerState::open);
  resilience::breaker_state_changed(dependency::inventory, BreakerState::open,
                                    BreakerState::half_open);
  resilience::breaker_state_changed(dependency::inventory, BreakerState::half_open,
                                    BreakerState::closed);
  EXPECT_EQ(transitions("inventory", "closed", "open"), before + 1);
  std::vector<std::string> events;
  for (const Json& r : records())
    events.push_back(r["event"].str() + " from " + r["from_state"].str());
  EXPECT_EQ(events, (std::vector<std::string>{"circuit_breaker_closed from open",
                                              "circuit_breaker_opened from closed",
                                              "circuit_breaker_half_open from open",
                                              "circuit_breaker_closed from half_open"}));
}

TEST_F(ResilienceEvents, RetryAdapterReportsExhaustionOnTheLastAttempt) {
  const int line = __LINE__ + 1;
  resilience::attempt_failed(dependency::payments, 1, 2, "reset", 30ms);
  resilience::attempt_failed(dependency::payments, 2, 2, "reset again", 31ms);
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["event"].str(), "retry_attempt");
  EXPECT_EQ(all[0]["lineno"].num(), line); // the adapter's caller, not the adapter
  EXPECT_EQ(all[1]["event"].str(), "retry_exhausted");
  EXPECT_EQ(all[1]["attempt"].num(), 2);
  EXPECT_EQ(all[1]["max_attempts"].num(), 2);
  EXPECT_EQ(all[1]["error"].str(), "reset again");
  EXPECT_EQ(all[1]["duration_ms"].num(), 31);
}

TEST_F(ResilienceEvents, BulkheadAdapterReportsContentionOnlyPastOneSecond) {
  resilience::bulkhead_acquired(dependency::payments, 999ms);
  resilience::bulkhead_acquired(dependency::payments, 1500ms);
  const auto all = records();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0]["event"].str(), "bulkhead_contention");
  EXPECT_EQ(all[0]["duration_ms"].num(), 1500);
}

TEST_F(ResilienceEvents, ConcurrencyAdaptersSetTheGauges) {
  resilience::semaphore_permits(dependency::payments, 3, 10);
  resilience::executor_status("io", 4, 7, 8);
  EXPECT_EQ(metric("semaphore_available", {{"dependency", "payments"}}), 3);
  EXPECT_EQ(metric("executor_active_workers", {{"pool_type", "io"}}), 4);
  EXPECT_EQ(metric("executor_pending_tasks", {{"pool_type", "io"}}), 7);
  EXPECT_EQ(metric("executor_max_workers", {{"pool_type", "io"}}), 8);
  EXPECT_EQ(state_of("payments").snapshot().semaphore_capacity, 10u);
}

TEST(DependencyState, BeforeAnyReportTheUsualStateIsTheOneLeft) {
  detail::DependencyState state;
  EXPECT_EQ(state.snapshot().changed_ticks, 0u);
  EXPECT_EQ(state.transition(BreakerState::half_open, BreakerState::open, 1), BreakerState::open);
  EXPECT_EQ(state.snapshot().changed_ticks, 1u);
  EXPECT_EQ(state.transition(BreakerState::closed, BreakerState::half_open, 2),
            BreakerState::half_open);
  EXPECT_EQ(state.transition(BreakerState::open, BreakerState::closed, 3), BreakerState::closed);
}

TEST(DependencyState, LongErrorsAreCutOnACharacterBoundary) {
  detail::DependencyState state;
  std::string error(detail::DependencyState::error_capacity - 1, 'x');
  error += "\xC3\xA9 and more"; // é straddles the limit
  state.record_failure(error, 1);
  const auto s = state.snapshot();
  EXPECT_EQ(std::string_view(s.last_error, s.last_error_size),
            std::string(detail::DependencyState::error_capacity - 1, 'x'));
  state.record_failure(AttributeValue(), 2);
  EXPECT_EQ(state.snapshot().last_error_size, 0u);
}

TEST(DependencyState, FailuresFromManyThreadsAreAllCounted) {
  detail::DependencyState state;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i)
        state.record_failure("boom", 1);
    });
  for (std::size_t i = 0; i < 200; ++i) {
    const auto s = state.snapshot();
    const std::string_view error(s.last_error, s.last_error_size);
    EXPECT_TRUE(error.empty() || error == "boom") << error;
  }
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(state.snapshot().failures, 40000u);
}

} // namespace
} // namespace telegen
