// The current context of a thread, and how to carry it to another thread:
// capture it as a Context value, install it there with a Scope, or wrap a
// callable with bind_context.
#pragma once

#include "telegen/baggage.hpp"
#include "telegen/detail/context_stack.hpp"
#include "telegen/request_context.hpp"
#include "telegen/span_context.hpp"

#include <functional>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

namespace telegen {

class Context;

namespace detail {
class ContextFrame;
class RunFrame;
struct ContextExtras {
  RequestContext request;
  Baggage baggage;
  std::string trace_state; // validated tracestate header value, or empty
};
struct ContextAccess;
} // namespace detail

// A captured context: the span context (trace id, span id, flags), the
// local sampling decision, tracestate, baggage and the request context.
// Cheap to copy (two words and one shared, immutable block), safe to pass
// to other threads. A value: thread-safe to copy and read.
//
//   telegen::Context ctx = telegen::Context::current();   // on thread A
//   pool.submit([ctx] {
//     telegen::Scope scope(ctx);                           // on thread B
//     handle();          // spans started here are children of A's span
//   });
class Context {
public:
  // No trace and no request context.
  Context() noexcept = default;

  // What the calling thread runs under: its innermost live span or Scope;
  // else the context the process was started with (TRACEPARENT,
  // TRACESTATE, BAGGAGE and X_REQUEST_ID... in its environment); else empty.
  static Context current();

  const SpanContext& span_context() const noexcept { return span_context_; }
  const RequestContext& request() const noexcept;
  const Baggage& baggage() const noexcept;
  std::string_view trace_state() const noexcept;

  // Copies with one part replaced.
  Context with_request(RequestContext request) const;
  Context with_baggage(Baggage baggage) const;

private:
  friend struct detail::ContextAccess;
  friend class detail::ContextFrame;
  friend class detail::RunFrame;

  SpanContext span_context_;
  detail::Recording recording_ = detail::Recording::none;
  std::shared_ptr<const detail::ContextExtras> extras_;
};

namespace detail {

// Makes a context that outlives it the calling thread's current one,
// without copying it (no reference count is touched): Scope does this for
// its own copy, ContextBound for the context it carries. Not thread-safe;
// for the runtime and generated code only.
class ContextFrame {
public:
  explicit ContextFrame(const Context& context) noexcept
      : frame_{thread_state.top, context.span_context_, context.recording_,
               context.extras_ ? &context.extras_ : nullptr, nullptr} {
    thread_state.top = &frame_;
  }
  ~ContextFrame() { thread_state.top = frame_.previous; }
  ContextFrame(const ContextFrame&) = delete;
  ContextFrame& operator=(const ContextFrame&) = delete;

private:
  Frame frame_;
};

// A run: a ContextFrame around a call telegen makes on behalf of work that
// crossed a boundary (a bound callable, an Asio handler). A coroutine that
// suspends inside a run hands its context to the coroutine it awaits; the
// run keeps that hand-off (a RunSlot), which never outlives it.
class RunFrame {
public:
  explicit RunFrame(const Context& context) noexcept
      : frame_(context), outer_(thread_state.run), handoff_(thread_state.handoff),
        handoff_base_(thread_state.handoff_base) {
    slot_.run_extras = context.extras_ ? &context.extras_ : nullptr;
    thread_state.run = &slot_;
    thread_state.handoff = nullptr;
  }
  ~RunFrame() {
    thread_state.handoff = handoff_;
    thread_state.handoff_base = handoff_base_;
    thread_state.run = outer_;
  }
  RunFrame(const RunFrame&) = delete;
  RunFrame& operator=(const RunFrame&) = delete;

private:
  ContextFrame frame_;
  RunSlot* outer_;
  Frame* handoff_;
  Frame* handoff_base_;
  RunSlot slot_;
};

} // namespace detail

// Makes `context` the calling thread's current context until the Scope is
// destroyed: spans started meanwhile are its children, log lines carry its
// ids. Scopes and span guards nest strictly (destroy in reverse order, on
// the thread that created them). Not thread-safe: one thread only; copy and
// move deleted.
//
//   telegen::Context incoming = telegen::extract(telegen::HeaderCarrier(request.headers));
//   telegen::Scope scope(incoming);
//   handle(request);
class Scope {
public:
  explicit Scope(const Context& context) noexcept : context_(context), frame_(context_) {}
  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;
  Scope(Scope&&) = delete;
  Scope& operator=(Scope&&) = delete;

private:
  Context context_; // before frame_, which refers to it
  detail::ContextFrame frame_;
};

// A callable that runs `Callable` under a captured context: each call
// installs the context it holds (no copy, no reference count) and invokes
// the callable as std::invoke does, so member function pointers,
// arguments, return values and move-only callables work as they did
// unwrapped. Copyable when Callable is; callable as const when Callable is.
// Made by bind_context.
template <class Callable> class ContextBound {
public:
  ContextBound(Context context, Callable callable)
      : context_(std::move(context)), callable_(std::move(callable)) {}

  template <class... Args>
  auto operator()(Args&&... args) & -> std::invoke_result_t<Callable&, Args...> {
    detail::RunFrame frame(context_);
    return std::invoke(callable_, std::forward<Args>(args)...);
  }
  template <class... Args>
  auto operator()(Args&&... args) const& -> std::invoke_result_t<const Callable&, Args...> {
    detail::RunFrame frame(context_);
    return std::invoke(callable_, std::forward<Args>(args)...);
  }
  template <class... Args>
  auto operator()(Args&&... args) && -> std::invoke_result_t<Callable&&, Args...> {
    detail::RunFrame frame(context_);
    return std::invoke(std::move(callable_), std::forward<Args>(args)...);
  }

  const Context& context() const noexcept { return context_; }
  // The wrapped callable, for associations (an Asio handler's executor).
  const Callable& callable() const noexcept { return callable_; }

private:
  Context context_;
  Callable callable_;
};

// Wraps `callable` so that it runs under the context current now, wherever
// and whenever it is called. `telegen instrument` writes this around the
// callable of std::thread, std::async and TELEGEN_PROPAGATE calls; use it by
// hand for code it does not process.
//
//   std::thread worker(telegen::bind_context([&] { process(batch); }));
template <class Callable> ContextBound<std::decay_t<Callable>> bind_context(Callable&& callable) {
  return {Context::current(), std::forward<Callable>(callable)};
}

} // namespace telegen
