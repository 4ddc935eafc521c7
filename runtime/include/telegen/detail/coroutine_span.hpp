// The span of an instrumented coroutine. For generated code only.
//
// A coroutine's body runs in pieces, on whichever thread resumes it, and a
// thread-local context does not follow it by itself. `telegen instrument`
// declares a CoroutineSpan as the body's first statement, so it lives in
// the coroutine frame across suspensions, and writes `leave(...)` and
// `resumed()` (or `enter()`) around every co_await and co_yield of the
// body:
//
//   asio::awaitable<int> fetch(int id) {
//     static constexpr telegen::detail::SpanSite telegen_site_{...};
//     telegen::detail::CoroutineSpan telegen_span_{telegen_site_};
//     auto row = (co_await telegen_span_.leave(db.get(id)), telegen_span_.resumed());
//     ...
//   }
//
// While the body runs, the coroutine's own context (its span over the
// context it started in, with that context's request, baggage and every
// other part) is the thread's current one; at a suspension the thread gets
// back what it had when the body last started or resumed; at the end the
// span ends with the status the body recorded. Nothing depends on the
// promise type: any coroutine type works.
//
// A coroutine started inline by the co_await of another (asio's awaitable,
// a lazy task type) starts after its awaiter has suspended. When that
// happens inside a run (a bound callable, a handler of an Asio executor
// telegen wrapped), the awaiter hands its context over and the new span is
// its child; see docs/propagation.md for what happens outside one.
//
// Not thread-safe in itself: a coroutine runs on one thread at a time.
#pragma once

#include "telegen/context.hpp"
#include "telegen/detail/context_stack.hpp"
#include "telegen/span.hpp"

#include <cstddef>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>
#if defined(__cpp_impl_coroutine)
#include <coroutine>
#endif

namespace telegen::detail {

class CoroutineSpan {
public:
  explicit CoroutineSpan(const SpanSite& site) noexcept;
  ~CoroutineSpan();
  CoroutineSpan(const CoroutineSpan&) = delete;
  CoroutineSpan& operator=(const CoroutineSpan&) = delete;

  // Before a suspension point: the thread gets back the context it had when
  // the body last started or resumed. Returns the operand of the co_await
  // or co_yield, which was evaluated in the coroutine's context.
  // Inside a run, when the operand is a coroutine (its type names a promise
  // type: asio::awaitable, a task type), the coroutine it starts gets this
  // one's context as its parent.
  template <class Operand> Operand&& leave(Operand&& operand) noexcept {
    suspend();
    if (starts_coroutine<std::remove_cv_t<std::remove_reference_t<Operand>>>::value &&
        thread_state.run != nullptr)
      hand_off();
    return std::forward<Operand>(operand);
  }
  // After it: the coroutine's context is current again, on this thread.
  void enter() noexcept {
    thread_state.handoff = nullptr;
    base_ = thread_state.top;
    mine_->previous = base_;
    thread_state.top = top_;
    running_ = true;
  }
  // enter() for a suspension point with a value: `(co_await x, resumed())`
  // is the value of `co_await x`, read after the context is back.
  struct Resumed {
    template <class Value> friend Value operator,(Value&& value, Resumed) noexcept(
        std::is_nothrow_constructible_v<Value, Value&&>) {
      return std::forward<Value>(value);
    }
  };
  Resumed resumed() noexcept {
    enter();
    return {};
  }

  // What generated code calls on a SpanGuard.
  operator SpanGuard&() noexcept { return span_; }
  void set_attribute(std::size_t index, AttributeValue value) noexcept {
    span_.set_attribute(index, value);
  }
  void record_exception(const std::exception& exception) noexcept {
    span_.record_exception(exception);
  }
  void record_exception() noexcept { span_.record_exception(); }

private:
  template <class T, class = void> struct starts_coroutine : std::false_type {};
#if defined(__cpp_impl_coroutine)
  template <class T>
  struct starts_coroutine<T, std::void_t<typename std::coroutine_traits<T>::promise_type>>
      : std::true_type {};
#endif

  void suspend() noexcept {
    top_ = thread_state.top;
    thread_state.top = base_;
    running_ = false;
  }
  // Copies the coroutine's innermost frame into the run's slot and offers it
  // to the next coroutine started on this thread at `base_`.
  void hand_off() noexcept;

  // Owned here, so the context outlives the frame it started under (the
  // caller's stack, a handler's Scope).
  ExtrasRef extras_;
  Frame* mine_;      // the coroutine's frame: span_'s, or own_
  Frame* base_;      // the thread's top when the body last started or resumed
  Frame* top_;       // the thread's top when the body last suspended
  bool running_;     // the body runs: mine_ is on this thread's stack
  Frame own_;        // the frame when span_ records nothing (an unsampled parent)
  SpanGuard span_;
};

} // namespace telegen::detail
