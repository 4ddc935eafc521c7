// The per-thread current context, Scope and bind_context.
#include "telegen/context.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <future>
#include <map>
#include <thread>

namespace telegen {
namespace {

using test::span_named;

constexpr detail::SpanSite handler_site{"handle", SpanKind::server, "handle", "src/server.cpp", 10};
constexpr detail::SpanSite task_site{"task", SpanKind::internal, "task", "src/pool.cpp", 20};

class ContextTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

TEST_F(ContextTest, ThereIsNoContextOutsideSpansAndScopes) {
  const Context context = Context::current();
  EXPECT_FALSE(context.span_context().valid());
  EXPECT_TRUE(context.request().empty());
  EXPECT_TRUE(context.baggage().empty());
}

TEST_F(ContextTest, AScopeInstallsAContextUntilItEnds) {
  std::map<std::string, std::string> headers{
      {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
      {"x-request-id", "r-1"}};
  const Context incoming = extract(MapCarrier(headers));
  {
    Scope scope(incoming);
    EXPECT_EQ(Context::current().span_context().trace_id, incoming.span_context().trace_id);
    EXPECT_EQ(Context::current().request().request_id, "r-1");
    {
      Scope inner{Context()};
      EXPECT_FALSE(Context::current().span_context().valid());
    }
    EXPECT_EQ(Context::current().request().request_id, "r-1");
  }
  EXPECT_FALSE(Context::current().span_context().valid());
}

TEST_F(ContextTest, SpansUnderARemoteContextAreItsChildrenAndFollowItsFlag) {
  std::map<std::string, std::string> sampled{
      {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"},
      {"x-request-id", "r-1"}};
  {
    Scope scope(extract(MapCarrier(sampled)));
    SpanGuard span(handler_site);
    EXPECT_TRUE(span.is_recording());
    EXPECT_EQ(Context::current().request().request_id, "r-1") << "spans keep the request context";
  }
  std::map<std::string, std::string> unsampled{
      {"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"}};
  {
    Scope scope(extract(MapCarrier(unsampled)));
    SpanGuard span(handler_site);
    EXPECT_FALSE(span.is_recording()) << "parent-based: an unsampled caller is followed";
    EXPECT_EQ(span.context().trace_id.to_hex(), "0af7651916cd43dd8448eb211c80319c");
  }
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(spans[0].parent_span_id.to_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(spans[0].parent_remote);
  EXPECT_EQ(spans[0].trace_flags, trace_flags::sampled | trace_flags::random)
      << "the caller's random flag is kept";
}

TEST_F(ContextTest, InjectUnderASpanSendsTheSpanAsParent) {
  std::map<std::string, std::string> incoming{
      {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
      {"tracestate", "congo=x"}};
  Scope scope(extract(MapCarrier(incoming)));
  SpanGuard span(handler_site);
  std::map<std::string, std::string> outgoing;
  MapCarrier carrier(outgoing);
  inject(carrier);
  const auto parent = parse_traceparent(outgoing.at("traceparent"));
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(parent->span_id, span.context().span_id);
  EXPECT_TRUE(parent->sampled());
  EXPECT_EQ(outgoing.at("tracestate"), "congo=x");
}

TEST_F(ContextTest, BindContextCarriesTheContextToAnotherThread) {
  SpanContext parent;
  {
    SpanGuard span(handler_site);
    parent = span.context();
    auto task = bind_context([](int x) {
      SpanGuard child(task_site);
      return x * 2;
    });
    EXPECT_EQ(std::async(std::launch::async, task, 21).get(), 42);
  }
  const auto spans = flushed_spans();
  const SpanData& child = span_named(spans, "task");
  EXPECT_EQ(child.trace_id, parent.trace_id);
  EXPECT_EQ(child.parent_span_id, parent.span_id);
  EXPECT_FALSE(child.parent_remote);
}

TEST_F(ContextTest, ACapturedContextOutlivesItsSpan) {
  Context captured;
  {
    SpanGuard span(handler_site);
    captured = Context::current().with_request({"r-7", Frontend::api, "flow"});
  }
  std::thread([&] {
    Scope scope(captured);
    EXPECT_EQ(Context::current().request().request_id, "r-7");
    SpanGuard late(task_site);
    EXPECT_EQ(late.context().trace_id, captured.span_context().trace_id);
  }).join();
}

TEST_F(ContextTest, WithRequestAndWithBaggageCopy) {
  const Context base = Context().with_request({"r-1", Frontend::web, "c-1"});
  Baggage baggage;
  baggage.set("tenant", "acme");
  const Context more = base.with_baggage(baggage);
  EXPECT_TRUE(base.baggage().empty());
  EXPECT_EQ(more.baggage().get("tenant"), "acme");
  EXPECT_EQ(more.request().request_id, "r-1");
  EXPECT_EQ(more.request().frontend, Frontend::web);
}

TEST_F(ContextTest, ContextsOfDifferentThreadsAreIndependent) {
  SpanGuard span(handler_site);
  std::thread([] { EXPECT_FALSE(Context::current().span_context().valid()); }).join();
  EXPECT_TRUE(Context::current().span_context().valid());
}

} // namespace
} // namespace telegen
