// CoroutineSpan: a coroutine's span and context across suspensions, as
// `telegen instrument` writes the body (a CoroutineSpan as its first local,
// leave()/enter() around every co_await, span_result at co_return, the
// exception handlers). Coroutines are resumed by hand, on the thread each
// test chooses, with no clock involved.
#include "telegen/context.hpp"
#include "telegen/detail/coroutine_span.hpp"
#include "telegen/detail/instrument.hpp"
#include "telegen/span.hpp"

#include "support/coroutines.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <coroutine>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace telegen {
namespace {

using test::Detached;
using test::Parking;
using test::span_named;
using test::Task;

constexpr detail::SpanSite request_site = test::test_site("test.request", SpanKind::server);
constexpr detail::SpanSite parks_site = test::test_site("co.parks");
constexpr detail::SpanSite lookup_site = test::test_site("co.lookup", SpanKind::client);
constexpr detail::SpanSite outer_site = test::test_site("co.outer");
constexpr detail::SpanSite inner_site = test::test_site("co.inner");
constexpr detail::SpanSite later_site = test::test_site("co.later");

// What a piece of code sees as its thread's current context.
struct Seen {
  SpanId span;
  std::string request_id;
};
Seen seen_now() {
  const Context current = Context::current();
  return {current.span_context().span_id, current.request().request_id};
}

// Instrumented: parks once and records what its body sees on each side.
Detached parks_once(std::coroutine_handle<>* slot, Seen* before, Seen* after) {
  detail::CoroutineSpan telegen_span_{parks_site};
  *before = seen_now();
  (co_await telegen_span_.leave(Parking{slot}), telegen_span_.enter());
  *after = seen_now();
}

// Instrumented, status = result: suspends once, then fails, finds nothing
// or finds a value.
Task<std::optional<int>> lookup(int key) {
  detail::CoroutineSpan telegen_span_{lookup_site};
  try {
    (co_await telegen_span_.leave(std::suspend_always{}), telegen_span_.enter());
    if (key < 0)
      throw std::invalid_argument("negative key");
    if (key == 0)
      co_return detail::span_result<std::optional<int>>(telegen_span_, std::nullopt);
    co_return detail::span_result<std::optional<int>>(telegen_span_, key * 2);
  } catch (const std::exception& telegen_exception_) {
    telegen_span_.record_exception(telegen_exception_);
    throw;
  } catch (...) {
    telegen_span_.record_exception();
    throw;
  }
}

// Not instrumented: parks, then returns.
Task<int> plain_child(std::coroutine_handle<>* slot) {
  co_await Parking{slot};
  co_return 1;
}

// Instrumented: parks, then returns what its body saw.
Task<Seen> inner(std::coroutine_handle<>* slot) {
  detail::CoroutineSpan telegen_span_{inner_site};
  (co_await telegen_span_.leave(Parking{slot}), telegen_span_.enter());
  co_return seen_now();
}

// Instrumented: awaits inner() and reports what both bodies saw.
Task<int> outer(std::coroutine_handle<>* slot, Seen* inner_seen, Seen* after) {
  detail::CoroutineSpan telegen_span_{outer_site};
  *inner_seen = (co_await telegen_span_.leave(inner(slot)), telegen_span_.resumed());
  *after = seen_now();
  co_return 0;
}

// Instrumented, eager: starts a span at the call and records what it saw.
Detached later(Seen* seen) {
  detail::CoroutineSpan telegen_span_{later_site};
  *seen = seen_now();
  co_return;
}

class CoroutineSpanTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }

  // A request scope with a sampled server span, as a handler has.
  struct Request {
    explicit Request(const char* id)
        : scope(Context::current().with_request({id, Frontend::api, ""})), span(request_site) {}
    Scope scope;
    SpanGuard span;
  };
};

TEST_F(CoroutineSpanTest,
       SuspensionGivesTheThreadItsContextBackAndResumptionOnAnotherThreadReinstallsTheCoroutines) {
  std::coroutine_handle<> parked;
  Seen before, after, resumer_during, resumer_after;
  SpanId request_span;
  {
    Request request("req-1");
    request_span = request.span.context().span_id;
    parks_once(&parked, &before, &after);
    // Suspended: the caller is back in its own span, request unchanged.
    const Seen back = seen_now();
    EXPECT_EQ(back.span, request_span);
    EXPECT_EQ(back.request_id, "req-1");
  }
  ASSERT_TRUE(parked);
  std::thread([&] {
    resumer_during = seen_now();
    parked.resume(); // runs to completion on this thread
    resumer_after = seen_now();
  }).join();

  EXPECT_NE(before.span, request_span);
  EXPECT_EQ(before.request_id, "req-1");
  EXPECT_EQ(after.span, before.span);
  EXPECT_EQ(after.request_id, "req-1");
  // The resuming thread had nothing before and keeps nothing after.
  EXPECT_FALSE(resumer_during.span.valid());
  EXPECT_FALSE(resumer_after.span.valid());
  EXPECT_EQ(resumer_after.request_id, "");

  const auto spans = flushed_spans();
  const SpanData& parks = span_named(spans, "co.parks");
  EXPECT_EQ(parks.span_id, before.span);
  EXPECT_EQ(parks.parent_span_id, request_span);
  EXPECT_EQ(parks.status, StatusCode::unset);
}

TEST_F(CoroutineSpanTest, StatusComesFromTheCoReturnedValueOrTheException) {
  auto run_on_two_threads = [](Task<std::optional<int>>& task) {
    task.handle().resume(); // to the suspension
    std::thread([&] { task.handle().resume(); }).join();
    ASSERT_TRUE(task.done());
  };
  {
    Request request("req-2");
    Task<std::optional<int>> found = lookup(21), missing = lookup(0), failing = lookup(-1);
    run_on_two_threads(found);
    run_on_two_threads(missing);
    run_on_two_threads(failing);
    EXPECT_EQ(found.await_resume(), 42);
    EXPECT_EQ(missing.await_resume(), std::nullopt);
    EXPECT_THROW(failing.await_resume(), std::invalid_argument);
  }
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 4u);
  int ok = 0, no_value = 0, thrown = 0;
  for (const SpanData& span : spans) {
    if (span.name != "co.lookup")
      continue;
    EXPECT_EQ(span.kind, SpanKind::client);
    if (span.status == StatusCode::unset) {
      ++ok;
    } else if (span.status_message == "returned no value") {
      ++no_value;
      EXPECT_TRUE(span.events.empty());
    } else {
      ++thrown;
      EXPECT_EQ(span.status, StatusCode::error);
      ASSERT_EQ(span.events.size(), 1u);
      EXPECT_EQ(span.events[0].name, "exception");
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(no_value, 1);
  EXPECT_EQ(thrown, 1);
}

TEST_F(CoroutineSpanTest, ACoroutineAwaitedInsideARunIsTheChildOfTheAwaitingOne) {
  std::coroutine_handle<> parked;
  Seen inner_seen, outer_after;
  SpanId request_span;
  Task<int> task = [&] {
    Request request("req-3");
    request_span = request.span.context().span_id;
    Task<int> t = outer(&parked, &inner_seen, &outer_after);
    // The first resumption happens inside a run, as under an instrumented
    // co_spawn or a bound callable.
    bind_context([&] { t.handle().resume(); })();
    return t;
  }();
  ASSERT_TRUE(parked);
  // inner() resumes on another thread and hands its value back to outer()
  // there, by symmetric transfer.
  std::thread([&] { parked.resume(); }).join();
  ASSERT_TRUE(task.done());

  const auto spans = flushed_spans();
  const SpanData& outer_span = span_named(spans, "co.outer");
  const SpanData& inner_span = span_named(spans, "co.inner");
  EXPECT_EQ(outer_span.parent_span_id, request_span);
  EXPECT_EQ(inner_span.parent_span_id, outer_span.span_id);
  EXPECT_EQ(inner_span.trace_id, outer_span.trace_id);
  EXPECT_EQ(inner_seen.span, inner_span.span_id);
  EXPECT_EQ(inner_seen.request_id, "req-3");
  EXPECT_EQ(outer_after.span, outer_span.span_id);
  EXPECT_EQ(outer_after.request_id, "req-3");
}

TEST_F(CoroutineSpanTest, OutsideARunTheAwaitedCoroutineIsTheChildOfWhoeverResumedIt) {
  std::coroutine_handle<> parked;
  Seen inner_seen, outer_after;
  Request request("req-4");
  const SpanId request_span = request.span.context().span_id;
  Task<int> task = outer(&parked, &inner_seen, &outer_after);
  task.handle().resume(); // not a run: no hand-over (docs/propagation.md)
  parked.resume();
  ASSERT_TRUE(task.done());

  const auto spans = flushed_spans();
  const SpanData& outer_span = span_named(spans, "co.outer");
  const SpanData& inner_span = span_named(spans, "co.inner");
  EXPECT_EQ(outer_span.parent_span_id, request_span);
  EXPECT_EQ(inner_span.parent_span_id, request_span);
  EXPECT_EQ(inner_seen.request_id, "req-4");
  EXPECT_EQ(outer_after.span, outer_span.span_id);
}

// A coroutine that suspends inside a run on something that is not a
// coroutine (here a parking awaiter; an I/O operation, a pool hop) hands
// nothing over: another thread may resume and destroy it while the run
// goes on, and a coroutine the run starts next is the run's child, not its.
TEST_F(CoroutineSpanTest, ACoroutineStartedLaterInTheSameRunIsTheRunsChildNotTheSuspendedOnes) {
  std::coroutine_handle<> parked;
  Seen before, after, later_seen;
  SpanId request_span;
  {
    Request request("req-5");
    request_span = request.span.context().span_id;
    bind_context([&] {
      parks_once(&parked, &before, &after);
      // Another thread resumes it; it completes there and its frame is freed.
      std::thread([&] { parked.resume(); }).join();
      later(&later_seen);
    })();
  }
  const auto spans = flushed_spans();
  const SpanData& later_span = span_named(spans, "co.later");
  EXPECT_EQ(later_span.parent_span_id, request_span);
  EXPECT_NE(later_span.parent_span_id, before.span);
  EXPECT_EQ(later_seen.request_id, "req-5");
}

// Instrumented, eager: under its own request, awaits a coroutine telegen
// did not instrument, which parks.
Detached awaits_plain_child(std::coroutine_handle<>* slot, SpanId* span) {
  detail::CoroutineSpan telegen_span_{outer_site};
  *span = Context::current().span_context().span_id;
  Scope scope(Context::current().with_request({"req-own", Frontend::api, ""}));
  (co_await telegen_span_.leave(plain_child(slot)), telegen_span_.resumed());
}

// The hand-over to an awaited coroutine is made (the operand is a
// coroutine), but the awaited coroutine is not instrumented and takes
// nothing. The awaiting coroutine then completes on another thread and its
// frame, with the Scope that held its request, is freed. What the run hands
// to the next coroutine it starts is the run's own copy: its span and
// request are still readable (the documented limit: that coroutine is the
// suspended one's child, not the run's).
TEST_F(CoroutineSpanTest, AHandOverOutlivesTheFrameOfTheCoroutineThatMadeIt) {
  std::coroutine_handle<> parked;
  SpanId awaiting_span;
  Seen later_seen;
  {
    Request request("req-6");
    bind_context([&] {
      awaits_plain_child(&parked, &awaiting_span);
      std::thread([&] { parked.resume(); }).join();
      later(&later_seen);
    })();
  }
  const auto spans = flushed_spans();
  EXPECT_EQ(span_named(spans, "co.later").parent_span_id, awaiting_span);
  EXPECT_EQ(later_seen.request_id, "req-own");
}

} // namespace
} // namespace telegen
