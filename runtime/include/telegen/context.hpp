// The current context of a thread, and how to carry it to another thread:
// capture it as a Context value, install it there with a Scope, or wrap a
// callable with bind_context.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/baggage.hpp"
#include "telegen/detail/context_stack.hpp"
#include "telegen/detail/task_memory.hpp"
#include "telegen/request_context.hpp"
#include "telegen/span_context.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace telegen {

class Context;

namespace detail {
class ContextFrame;
// Where a request's time went, for TracedRoutes' slow-request record: the
// ticks of the outermost client spans under it, wherever they ran.
struct RequestTiming {
  std::atomic<std::uint64_t> external_ticks{0}; // client spans
  std::atomic<std::uint64_t> database_ticks{0}; // client spans with a db.system attribute
};
class RunFrame;
class DebugMode; // telegen/detail/debug_mode.hpp
struct ContextExtras {
  ReferenceCount references; // ExtrasRef's
  RequestContext request;
  Baggage baggage;
  std::string trace_state; // validated tracestate header value, or empty
  // Bound fields, encoded as log records carry them (context/bound_fields.hpp).
  std::string bound_fields;
  std::uint16_t bound_field_count = 0;
  // Set for the requests TracedRoutes serves.
  std::shared_ptr<RequestTiming> timing;
  // Set for a request whose verified X-Debug-Token put it in debug mode;
  // carried on as that header (X_DEBUG_TOKEN in a child's environment).
  std::shared_ptr<const DebugMode> debug;
};
struct ContextAccess;
} // namespace detail

// A captured context: the span context (trace id, span id, flags), the
// local sampling decision, tracestate, baggage, the request context and the
// bound fields.
// Cheap to copy (two words and one shared, immutable block, whose count a
// thread copying the same context repeatedly rarely touches), safe to pass
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

  // The fields bound to this context (see bind_fields), in binding order;
  // string values are views into this context.
  std::vector<Attribute> fields() const;

  // Copies with one part replaced.
  Context with_request(RequestContext request) const;
  Context with_baggage(Baggage baggage) const;
  // A copy with the request context's frontend, which log records name as
  // their `source`, set to `source`.
  Context with_source(Source source) const;
  // A copy with `fields` bound as well: a key bound before takes its new
  // value in place. At most 32 fields; keys and string values are cut at
  // 255 bytes.
  Context with_fields(std::initializer_list<Attribute> fields) const;

private:
  friend struct detail::ContextAccess;
  friend class detail::ContextFrame;
  friend class detail::RunFrame;

  SpanContext span_context_;
  detail::Recording recording_ = detail::Recording::none;
  detail::ExtrasRef extras_;
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

// Binds `fields` to the calling thread's context until the returned Scope
// is destroyed, as structlog's contextvars binding does: every log record
// written under it, on this thread and wherever the context is carried
// (threads, pools and executors through bind_context, child processes,
// messages and HTTP calls through inject/extract), carries them after its
// standard fields, typed, with sensitive values redacted by the rules of
// every other field. A field the record itself sets wins over a bound one
// of the same key. Not thread-safe: a Scope, used on one thread.
//
//   auto bound = telegen::bind_fields({{"tenant", tenant}, {"job_id", job.id}});
//   run(job);   // every record under it has "tenant" and "job_id"
[[nodiscard]] inline Scope bind_fields(std::initializer_list<Attribute> fields) {
  return Scope(Context::current().with_fields(fields));
}

// An entry point's binding of the origin of what runs under it: a CLI's
// main binds Source::cli, a task worker Source::tasks. Records written
// under the returned Scope carry it as `source` (and `frontend`), and
// requests sent under it carry it as X-Frontend-ID. Not thread-safe: a Scope.
//
//   int main() {
//     auto origin = telegen::bind_source(telegen::Source::cli);
//     ...
//   }
[[nodiscard]] inline Scope bind_source(Source source) {
  return Scope(Context::current().with_source(source));
}

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

  // What `new ContextBound(...)` uses, as std::function and
  // std::move_only_function do for a callable they keep on the heap:
  // memory recycled between the thread that makes a task and the one that
  // destroys it (telegen/detail/task_memory.hpp). The placement form is
  // declared since these hide the global one.
  static void* operator new(std::size_t size) {
    if (size == sizeof(ContextBound))
      return detail::allocate_task_block<sizeof(ContextBound), alignof(ContextBound)>();
    return detail::allocate_task_memory(size, alignof(ContextBound));
  }
  static void operator delete(void* block, std::size_t size) noexcept {
    if (size == sizeof(ContextBound))
      detail::free_task_block<sizeof(ContextBound), alignof(ContextBound)>(block);
    else
      detail::free_task_memory(block, size, alignof(ContextBound));
  }
  static void* operator new(std::size_t, void* where) noexcept { return where; }

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
