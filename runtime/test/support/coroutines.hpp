// Coroutine types for the runtime's coroutine tests (C++20), written as
// user code would: telegen knows none of them.
//   Task<T>  lazy: starts when awaited, hands its value back to the
//            awaiting coroutine by symmetric transfer; owns its frame.
//   Detached eager: starts at the call, frees its frame when it completes.
//   Parking  an awaiter that leaves the suspended coroutine's handle in a
//            slot, for the test to resume on the thread it chooses.
// And test_site, the call site of a span the tests write by hand.
#pragma once

#include "telegen/detail/site.hpp"
#include "telegen/span.hpp"

#include <coroutine>
#include <exception>
#include <optional>
#include <string_view>
#include <utility>

namespace telegen::test {

// The static site of a span written by hand as `telegen instrument` would.
constexpr detail::SpanSite test_site(std::string_view name,
                                     SpanKind kind = SpanKind::internal) noexcept {
  return {name, kind, name, "test", 1};
}

template <class T> class Task {
public:
  struct promise_type {
    std::optional<T> value;
    std::exception_ptr error;
    std::coroutine_handle<> continuation = std::noop_coroutine();

    Task get_return_object() {
      return Task(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> self) noexcept {
        return self.promise().continuation;
      }
      void await_resume() const noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void return_value(T v) { value = std::move(v); }
    void unhandled_exception() { error = std::current_exception(); }
  };

  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&&) = delete;
  ~Task() {
    if (handle_)
      handle_.destroy();
  }

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> awaiting) noexcept {
    handle_.promise().continuation = awaiting;
    return handle_;
  }
  T await_resume() {
    if (handle_.promise().error)
      std::rethrow_exception(handle_.promise().error);
    return std::move(*handle_.promise().value);
  }

  // For a test that drives the task itself.
  std::coroutine_handle<promise_type> handle() const noexcept { return handle_; }
  bool done() const noexcept { return handle_.done(); }

private:
  std::coroutine_handle<promise_type> handle_;
};

struct Detached {
  struct promise_type {
    Detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

struct Parking {
  std::coroutine_handle<>* slot;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> handle) noexcept { *slot = handle; }
  void await_resume() const noexcept {}
};

} // namespace telegen::test
