// telegen/asio.hpp: handlers bound with bind_context and coroutines spawned
// on a ContextExecutor, on a real asio::io_context run by two threads.
#include "telegen/asio.hpp"
#include "telegen/context.hpp"
#include "telegen/detail/coroutine_span.hpp"
#include "telegen/span.hpp"

#include "support/coroutines.hpp"
#include "support/telemetry_fixture.hpp"

#include <asio/bind_executor.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/strand.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace telegen {
namespace {

constexpr detail::SpanSite request_site = test::test_site("test.request", SpanKind::server);
constexpr detail::SpanSite handle_site = test::test_site("co.handle");
constexpr detail::SpanSite step_site = test::test_site("co.step");

// A lambda handler has no executor of its own: wrapped, it must still say
// so, or ::asio::post routes it through a work_dispatcher (work counted, the
// handler dispatched a second time) instead of straight to the executor.
using Lambda = decltype([] {});
static_assert(std::is_void_v<::asio::associated_executor<
                  ContextBound<Lambda>,
                  ::asio::io_context::executor_type>::asio_associated_executor_is_unspecialised>);

class AsioExecutorTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }

  // Runs `io` on two threads until it has no more work.
  static void run_on_two_threads(::asio::io_context& io) {
    std::thread other([&] { io.run(); });
    io.run();
    other.join();
  }
};

TEST_F(AsioExecutorTest, ABoundHandlerRunsUnderThePostersContextOnItsOwnStrand) {
  ::asio::io_context io;
  auto strand = ::asio::make_strand(io);
  std::mutex mutex;
  std::map<std::string, std::string> seen; // poster's request id -> handler's
  int off_strand = 0;
  for (int i = 0; i < 40; ++i) {
    Scope scope(Context::current().with_request({"req-" + std::to_string(i), Frontend::api, ""}));
    ::asio::post(io, bind_context(::asio::bind_executor(strand, [&, i] {
                   std::lock_guard<std::mutex> lock(mutex);
                   if (!strand.running_in_this_thread())
                     ++off_strand;
                   seen["req-" + std::to_string(i)] = Context::current().request().request_id;
                 })));
  }
  run_on_two_threads(io);
  EXPECT_EQ(off_strand, 0);
  ASSERT_EQ(seen.size(), 40u);
  for (const auto& [posted, ran] : seen)
    EXPECT_EQ(ran, posted);
  EXPECT_EQ(Context::current().request().request_id, "");
}

// Instrumented: one step, which yields the thread first (it may resume on
// the other thread) and reports what its body saw.
::asio::awaitable<std::pair<SpanId, std::string>> step() {
  detail::CoroutineSpan telegen_span_{step_site};
  auto executor =
      (co_await telegen_span_.leave(::asio::this_coro::executor), telegen_span_.resumed());
  (co_await telegen_span_.leave(::asio::post(executor, ::asio::use_awaitable)),
   telegen_span_.enter());
  const Context current = Context::current();
  co_return std::pair{current.span_context().span_id, current.request().request_id};
}

struct Observed {
  SpanId handle_span;
  std::string handle_request;
  std::vector<std::pair<SpanId, std::string>> steps;
};

// Instrumented: two nested steps.
::asio::awaitable<void> handle(Observed* observed) {
  detail::CoroutineSpan telegen_span_{handle_site};
  observed->handle_span = Context::current().span_context().span_id;
  for (int i = 0; i < 2; ++i)
    observed->steps.push_back((co_await telegen_span_.leave(step()), telegen_span_.resumed()));
  observed->handle_request = Context::current().request().request_id;
}

TEST_F(AsioExecutorTest,
       CoroutinesSpawnedOnAContextExecutorKeepTheirRequestAndParentsAcrossThreads) {
  constexpr int requests = 50;
  ::asio::io_context io;
  std::vector<Observed> observed(requests);
  std::vector<SpanId> request_spans(requests);
  for (int i = 0; i < requests; ++i) {
    Scope scope(Context::current().with_request({"req-" + std::to_string(i), Frontend::api, ""}));
    SpanGuard request(request_site);
    request_spans[i] = request.context().span_id;
    ::asio::co_spawn(telegen::asio::context_executor(io), handle(&observed[i]), ::asio::detached);
  }
  run_on_two_threads(io);

  const auto spans = flushed_spans();
  std::map<std::uint64_t, const SpanData*> by_id;
  for (const SpanData& span : spans)
    by_id[span.span_id.value] = &span;
  for (int i = 0; i < requests; ++i) {
    const Observed& o = observed[i];
    const std::string id = "req-" + std::to_string(i);
    EXPECT_EQ(o.handle_request, id);
    ASSERT_EQ(by_id.count(o.handle_span.value), 1u);
    EXPECT_EQ(by_id[o.handle_span.value]->parent_span_id, request_spans[i]);
    ASSERT_EQ(o.steps.size(), 2u);
    for (const auto& [span, request] : o.steps) {
      EXPECT_EQ(request, id);
      ASSERT_EQ(by_id.count(span.value), 1u);
      EXPECT_EQ(by_id[span.value]->name, "co.step");
      EXPECT_EQ(by_id[span.value]->parent_span_id, o.handle_span);
    }
  }
  EXPECT_EQ(spans.size(), static_cast<std::size_t>(requests * 4));
}

} // namespace
} // namespace telegen
