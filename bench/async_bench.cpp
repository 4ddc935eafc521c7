// Asynchronous C++: what an instrumented coroutine pays per resumption, and
// what a handler posted to an Asio io_context pays for carrying the
// poster's context. Each pair runs in this binary side by side:
//   BM_Resume_Plain              a suspended coroutine resumed, nothing else
//   BM_Resume_UnderContext       the same body as `telegen instrument` writes
//                                it: a CoroutineSpan in the frame, the
//                                thread's context handed back at the
//                                suspension and the coroutine's own
//                                re-installed at the resumption
//   BM_Post_Unwrapped            asio::post of a lambda, then run by poll_one
//   BM_Post_Wrapped              the same lambda in telegen::bind_context, as
//                                the instrumenter writes it (one reference
//                                count each way, a run around the call)
// Built with -std=c++20 (coroutines) and standalone Asio.
#include "session.hpp"

#include "telegen/asio.hpp"
#include "telegen/context.hpp"
#include "telegen/detail/coroutine_span.hpp"
#include "telegen/span.hpp"

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <benchmark/benchmark.h>

#include <coroutine>
#include <cstdint>
#include <exception>

namespace telegen::bench {
namespace {

// The smallest coroutine type: started suspended, resumed by hand, never
// finishing on its own.
struct Resumable {
  struct promise_type {
    Resumable get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
  std::coroutine_handle<promise_type> handle;
};

std::uint64_t resumed = 0;

Resumable plain_loop() {
  for (;;) {
    co_await std::suspend_always{};
    ++resumed;
  }
}

constexpr detail::SpanSite loop_site{"bench.loop", SpanKind::internal, "instrumented_loop",
                                     "async_bench.cpp", 1};

// What the instrumenter writes for the same body under TELEGEN_SPAN.
Resumable instrumented_loop() {
  detail::CoroutineSpan telegen_span_{loop_site};
  for (;;) {
    (co_await telegen_span_.leave(std::suspend_always{}), telegen_span_.enter());
    ++resumed;
  }
}

constexpr detail::SpanSite request_site{"bench.request", SpanKind::server, "request",
                                        "async_bench.cpp", 1};

// A request's context: a request id and a sampled span.
class Request {
public:
  Request()
      : scope_(Context::current().with_request({"req-42", Frontend::api, "flow-7"})),
        span_(request_site) {}

private:
  Scope scope_;
  SpanGuard span_;
};

void resume_loop(benchmark::State& state, Resumable coroutine) {
  coroutine.handle.resume(); // to the first suspension
  for (auto _ : state)
    coroutine.handle.resume();
  coroutine.handle.destroy();
  benchmark::DoNotOptimize(resumed);
}

void BM_Resume_Plain(benchmark::State& state) {
  Session session(state);
  Request request;
  resume_loop(state, plain_loop());
}
TELEGEN_BENCHMARK(BM_Resume_Plain);

void BM_Resume_UnderContext(benchmark::State& state) {
  Session session(state);
  Request request;
  resume_loop(state, instrumented_loop());
}
TELEGEN_BENCHMARK(BM_Resume_UnderContext);

std::uint64_t executed = 0;

// Posts `make_handler()` and runs it, once per iteration. The work guard
// keeps the io_context from stopping when it runs out of handlers: without
// it, poll_one stops the context after the first handler and every later
// post only queues (nothing runs, nothing is recycled).
template <class MakeHandler> void post_loop(benchmark::State& state, MakeHandler make_handler) {
  Session session(state);
  Request request;
  ::asio::io_context io;
  auto work = ::asio::make_work_guard(io);
  const std::uint64_t before = executed;
  for (auto _ : state) {
    ::asio::post(io, make_handler());
    io.poll_one();
  }
  if (executed - before != static_cast<std::uint64_t>(state.iterations()))
    state.SkipWithError("a posted handler did not run");
}

void BM_Post_Unwrapped(benchmark::State& state) {
  post_loop(state, [] { return [] { ++executed; }; });
}
TELEGEN_BENCHMARK(BM_Post_Unwrapped);

void BM_Post_Wrapped(benchmark::State& state) {
  post_loop(state, [] { return bind_context([] { ++executed; }); });
}
TELEGEN_BENCHMARK(BM_Post_Wrapped);

} // namespace
} // namespace telegen::bench
