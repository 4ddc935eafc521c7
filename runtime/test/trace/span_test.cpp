#include "telegen/context.hpp"
#include "telegen/span.hpp"

#include "support/telemetry_fixture.hpp"

#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

namespace telegen {
namespace {

using test::find_attribute;
using test::span_named;

constexpr std::string_view order_keys[] = {"order_id", "region", "amount", "express"};
constexpr detail::SpanSite place_site{
    "orders.place", SpanKind::server, "place", "src/orders.cpp", 42, order_keys};
constexpr detail::SpanSite charge_site{"payments.charge", SpanKind::client, "charge",
                                       "src/payments.cpp", 7};
constexpr detail::SpanSite audit_site{"audit.write", SpanKind::internal, "audit", "src/audit.cpp",
                                      3};

static_assert(static_cast<int>(SpanKind::internal) == 1 &&
                  static_cast<int>(SpanKind::server) == 2 &&
                  static_cast<int>(SpanKind::client) == 3 &&
                  static_cast<int>(SpanKind::producer) == 4 &&
                  static_cast<int>(SpanKind::consumer) == 5,
              "SpanKind values are OTLP's");

std::uint64_t unix_nanos_now() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

class SpanTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

TEST_F(SpanTest, RootSpanStartsANewTraceWithSiteMetadataAndTimes) {
  const std::uint64_t before = unix_nanos_now();
  SpanContext context;
  {
    SpanGuard span(place_site);
    EXPECT_TRUE(span.is_recording());
    context = span.context();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const std::uint64_t after = unix_nanos_now();
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 1u);
  const SpanData& s = spans[0];
  EXPECT_EQ(s.name, "orders.place");
  EXPECT_EQ(s.kind, SpanKind::server);
  EXPECT_EQ(s.trace_id, context.trace_id);
  EXPECT_EQ(s.span_id, context.span_id);
  EXPECT_FALSE(s.parent_span_id.valid());
  EXPECT_EQ(s.trace_flags, trace_flags::sampled | trace_flags::random);
  // Converted from ticks off the hot path: within the wall-clock window,
  // and the sleep shows in the duration.
  EXPECT_GE(s.start_unix_nanos + 1000000, before);
  EXPECT_LE(s.end_unix_nanos, after + 1000000);
  EXPECT_GE(s.end_unix_nanos - s.start_unix_nanos, 2000000u);
  ASSERT_NE(find_attribute(s.attributes, "code.function.name"), nullptr);
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.attributes, "code.function.name")), "place");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.attributes, "code.file.path")),
            "src/orders.cpp");
  EXPECT_EQ(std::get<std::int64_t>(*find_attribute(s.attributes, "code.line.number")), 42);
  EXPECT_EQ(s.status, StatusCode::unset);
}

TEST_F(SpanTest, ChildSharesTheTraceAndTheParentIsRestoredAfterIt) {
  SpanContext parent, child;
  {
    SpanGuard outer(place_site);
    parent = outer.context();
    {
      SpanGuard inner(charge_site);
      child = inner.context();
      EXPECT_EQ(Context::current().span_context().span_id, child.span_id);
    }
    EXPECT_EQ(Context::current().span_context().span_id, parent.span_id);
  }
  EXPECT_FALSE(Context::current().span_context().valid());
  const auto spans = flushed_spans();
  const SpanData& c = span_named(spans, "payments.charge");
  EXPECT_EQ(c.trace_id, parent.trace_id);
  EXPECT_EQ(c.parent_span_id, parent.span_id);
  EXPECT_FALSE(c.parent_remote);
  EXPECT_NE(c.span_id, parent.span_id);
  EXPECT_EQ(c.kind, SpanKind::client);
}

TEST_F(SpanTest, AttributesAreTypedAndTheLastValueForAKeyWins) {
  {
    SpanGuard span(place_site);
    const std::string region = "eu-west";
    span.set_attribute(0, 1234);
    span.set_attribute(1, region);
    span.set_attribute(2, 12.5);
    span.set_attribute(3, true);
    span.set_attribute(0, 99); // replaces
    span.set_attribute(7, "out of range, ignored");
    span.set_attribute("retry.max", std::uint64_t{18446744073709551615u});
    span.set_attribute("note", nullptr);
    span.set_attribute("small", std::uint8_t{7});
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  EXPECT_EQ(std::get<std::int64_t>(*find_attribute(s.attributes, "order_id")), 99);
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.attributes, "region")), "eu-west");
  EXPECT_EQ(std::get<double>(*find_attribute(s.attributes, "amount")), 12.5);
  EXPECT_EQ(std::get<bool>(*find_attribute(s.attributes, "express")), true);
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.attributes, "retry.max")),
            "18446744073709551615");
  EXPECT_TRUE(std::holds_alternative<std::nullptr_t>(*find_attribute(s.attributes, "note")));
  EXPECT_EQ(std::get<std::int64_t>(*find_attribute(s.attributes, "small")), 7);
  std::size_t order_ids = 0;
  for (const KeyValue& kv : s.attributes)
    order_ids += kv.key == "order_id";
  EXPECT_EQ(order_ids, 1u);
  EXPECT_EQ(s.attributes.size(), 3u + 7u); // code.* and seven distinct keys
}

TEST_F(SpanTest, EventsCarryTheirAttributesAndTime) {
  {
    SpanGuard span(place_site);
    span.add_event("cache.miss", {{"key", "user:42"}, {"attempt", 2}});
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].name, "cache.miss");
  EXPECT_GE(s.events[0].time_unix_nanos, s.start_unix_nanos);
  EXPECT_LE(s.events[0].time_unix_nanos, s.end_unix_nanos);
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events[0].attributes, "key")), "user:42");
  EXPECT_EQ(std::get<std::int64_t>(*find_attribute(s.events[0].attributes, "attempt")), 2);
}

TEST_F(SpanTest, RecordExceptionAddsAnExceptionEventAndSetsError) {
  try {
    SpanGuard span(place_site);
    try {
      throw std::runtime_error("card declined");
    } catch (const std::exception& e) {
      span.record_exception(e);
      throw;
    }
  } catch (const std::exception&) {
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  EXPECT_EQ(s.status, StatusCode::error);
  EXPECT_EQ(s.status_message, "card declined");
  ASSERT_EQ(s.events.size(), 1u) << "an explicit record is not recorded again while unwinding";
  EXPECT_EQ(s.events[0].name, "exception");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events[0].attributes, "exception.type")),
            "std::runtime_error");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events[0].attributes, "exception.message")),
            "card declined");
}

TEST_F(SpanTest, CatchAllRecordsTheTypeAndWhatOfTheCurrentException) {
  {
    SpanGuard span(place_site);
    try {
      throw std::out_of_range("index 7");
    } catch (...) {
      span.record_exception();
    }
  }
  {
    SpanGuard span(charge_site);
    try {
      throw 42;
    } catch (...) {
      span.record_exception();
    }
  }
  const auto spans = flushed_spans();
  const SpanData& typed = span_named(spans, "orders.place");
  EXPECT_EQ(std::get<std::string>(*find_attribute(typed.events.at(0).attributes, "exception.type")),
            "std::out_of_range");
  EXPECT_EQ(
      std::get<std::string>(*find_attribute(typed.events.at(0).attributes, "exception.message")),
      "index 7");
  const SpanData& other = span_named(spans, "payments.charge");
  EXPECT_EQ(other.status, StatusCode::error);
  EXPECT_EQ(std::get<std::string>(*find_attribute(other.events.at(0).attributes, "exception.type")),
            "int");
  EXPECT_EQ(find_attribute(other.events.at(0).attributes, "exception.message"), nullptr);
}

TEST_F(SpanTest, AGuardDestroyedByUnwindingRecordsAnUnknownException) {
  EXPECT_THROW(
      {
        SpanGuard span(place_site);
        throw std::logic_error("not recorded explicitly");
      },
      std::logic_error);
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  EXPECT_EQ(s.status, StatusCode::error);
  EXPECT_EQ(s.status_message, "unhandled exception");
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].name, "exception");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events[0].attributes, "exception.type")),
            "unknown");
}

TEST_F(SpanTest, AGuardCreatedWhileUnwindingIsNotMarkedAsFailed) {
  struct Cleanup {
    ~Cleanup() { SpanGuard span(audit_site); }
  };
  EXPECT_THROW(
      {
        Cleanup cleanup;
        throw std::runtime_error("x");
      },
      std::runtime_error);
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  EXPECT_EQ(s.status, StatusCode::unset);
  EXPECT_TRUE(s.events.empty());
}

TEST_F(SpanTest, SetErrorKeepsTheLastMessageAndSetOkDoesNotClearIt) {
  {
    SpanGuard span(place_site);
    span.set_error("first");
    span.set_error("second");
    span.set_ok();
  }
  {
    SpanGuard span(charge_site);
    span.set_ok();
  }
  const auto spans = flushed_spans();
  EXPECT_EQ(span_named(spans, "orders.place").status, StatusCode::error);
  EXPECT_EQ(span_named(spans, "orders.place").status_message, "second");
  EXPECT_EQ(span_named(spans, "payments.charge").status, StatusCode::ok);
}

TEST_F(SpanTest, LinksPointAtOtherSpans) {
  SpanContext other;
  other.trace_id = {0x0102030405060708u, 0x090a0b0c0d0e0f10u};
  other.span_id = {0x1112131415161718u};
  other.flags = trace_flags::sampled;
  {
    SpanGuard span(place_site);
    span.add_link(other);
    span.add_link(SpanContext{}); // invalid: ignored
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  ASSERT_EQ(s.links.size(), 1u);
  EXPECT_EQ(s.links[0].context.trace_id, other.trace_id);
  EXPECT_EQ(s.links[0].context.span_id, other.span_id);
  EXPECT_EQ(s.links[0].context.flags, trace_flags::sampled);
}

void deep_in_the_call_stack() {
  add_event("retry", {{"attempt", 3}});
  set_error("gave up");
}

TEST_F(SpanTest, FreeFunctionsReachTheInnermostLiveSpan) {
  {
    SpanGuard outer(place_site);
    {
      SpanGuard inner(charge_site);
      deep_in_the_call_stack();
    }
  }
  const auto spans = flushed_spans();
  const SpanData& inner = span_named(spans, "payments.charge");
  EXPECT_EQ(inner.status, StatusCode::error);
  EXPECT_EQ(inner.status_message, "gave up");
  ASSERT_EQ(inner.events.size(), 1u);
  EXPECT_EQ(inner.events[0].name, "retry");
  EXPECT_TRUE(span_named(spans, "orders.place").events.empty());
}

TEST_F(SpanTest, GeneratedSiteEventsNameTheirFieldsFromTheSite) {
  static constexpr std::string_view fields[] = {"dependency", "attempt", "error"};
  static constexpr detail::EventSite retry{
      Level::warning, "resilience", "retry_attempt", "charge", 9, "src/payments.cpp", fields};
  {
    SpanGuard span(charge_site);
    detail::add_span_event(retry, {"payments", 2, "connection reset"});
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].name, "retry_attempt");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events[0].attributes, "dependency")),
            "payments");
  EXPECT_EQ(std::get<std::int64_t>(*find_attribute(s.events[0].attributes, "attempt")), 2);
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events[0].attributes, "error")),
            "connection reset");
}

TEST_F(SpanTest, EventsWithoutALocalSpanAreDroppedAndCounted) {
  Context captured;
  SpanGuard span(place_site);
  captured = Context::current();
  const std::uint64_t before = detail::span_data_dropped.value();
  std::thread([&] {
    Scope scope(captured);
    add_event("lost", {});
    set_error("lost too");
  }).join();
  EXPECT_EQ(detail::span_data_dropped.value() - before, 2u);
}

TEST_F(SpanTest, SensitiveAttributesAreRedacted) {
  {
    SpanGuard span(place_site);
    span.set_attribute("db.password", "hunter2");
    span.add_event("login", {{"authToken", "abc"}, {"user", "alice"}});
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.attributes, "db.password")), "[REDACTED]");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events.at(0).attributes, "authToken")),
            "[REDACTED]");
  EXPECT_EQ(std::get<std::string>(*find_attribute(s.events.at(0).attributes, "user")), "alice");
}

TEST_F(SpanTest, ASpanPastItsSizeLimitDropsAndCountsAdditions) {
  const std::string big(1000, 'x');
  {
    SpanGuard span(place_site);
    for (int i = 0; i < 40; ++i)
      span.set_attribute("k" + std::to_string(i), big);
    for (int i = 0; i < 5; ++i)
      span.add_event(big, {});
  }
  const auto spans = flushed_spans();
  const SpanData& s = spans.at(0);
  EXPECT_GT(s.dropped_attributes, 0u);
  EXPECT_EQ(s.dropped_events, 5u);
  EXPECT_EQ(s.attributes.size() - 3 + s.dropped_attributes, 40u);
}

TEST_F(SpanTest, IdsAreUniqueAndNeverZero) {
  std::vector<SpanContext> seen;
  for (int i = 0; i < 1000; ++i) {
    SpanGuard span(audit_site);
    seen.push_back(span.context());
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    ASSERT_TRUE(seen[i].valid());
    for (std::size_t j = i + 1; j < seen.size(); ++j) {
      ASSERT_NE(seen[i].trace_id, seen[j].trace_id);
      ASSERT_NE(seen[i].span_id, seen[j].span_id);
    }
  }
}

class UnsampledSpanTest : public test::TelemetryTest {
protected:
  void SetUp() override {
    config_.traces.sampling.sampler = Sampler::always_off;
    start();
  }
};

TEST_F(UnsampledSpanTest, RootsCarryAContextChildrenRecordNothing) {
  {
    SpanGuard root(place_site);
    EXPECT_FALSE(root.is_recording());
    const SpanContext root_context = root.context();
    EXPECT_TRUE(root_context.valid()) << "an unsampled trace still propagates its ids";
    EXPECT_FALSE(root_context.sampled());
    {
      SpanGuard child(charge_site);
      EXPECT_FALSE(child.is_recording());
      EXPECT_FALSE(child.context().valid());
      child.set_attribute(0, 1);
      child.add_event("ignored", {});
      EXPECT_EQ(Context::current().span_context().span_id, root_context.span_id);
    }
    EXPECT_EQ(Context::current().span_context().span_id, root_context.span_id);
  }
  EXPECT_FALSE(Context::current().span_context().valid());
  EXPECT_TRUE(flushed_spans().empty());
}

} // namespace
} // namespace telegen
