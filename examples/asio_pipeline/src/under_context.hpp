// Starting a coroutine under a context the calling coroutine holds as a
// value (a request's, one carried in a queued message).
#pragma once

#include <telegen/asio.hpp>
#include <telegen/context.hpp>

#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <utility>

namespace pipeline {

// Runs `task` on the calling coroutine's executor with `context` current
// (its TELEGEN_SPAN coroutines are children of the context's span and log
// its request id) and awaits it. A telegen::Scope must not be held across a
// co_await in a coroutine without TELEGEN_SPAN (docs/propagation.md), so
// the context travels in the executor, captured by context_executor.
template <class T>
asio::awaitable<T> run_under(const telegen::Context& context, asio::awaitable<T> task) {
  auto executor = co_await asio::this_coro::executor;
  auto started = [&] {
    telegen::Scope scope(context);
    return asio::co_spawn(telegen::asio::context_executor(executor), std::move(task),
                          asio::use_awaitable);
  }();
  co_return co_await std::move(started);
}

} // namespace pipeline
