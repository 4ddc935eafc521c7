// Spans: SpanGuard records one span of work on the calling thread, and the
// free functions reach the innermost span from anywhere below it.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/context_stack.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/detail/span_buffer.hpp"
#include "telegen/span_context.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <string_view>

namespace telegen {

namespace detail {
struct SpanAccess;
class CoroutineSpan;
} // namespace detail

// OTLP's Span.SpanKind values, so they export as they are.
enum class SpanKind : std::uint8_t {
  internal = 1,
  server = 2,
  client = 3,
  producer = 4,
  consumer = 5
};

// OTLP's Status.StatusCode values.
enum class StatusCode : std::uint8_t { unset = 0, ok = 1, error = 2 };

// Records one span from construction to destruction: a child of the
// calling thread's current context (or the root of a new trace), current
// itself until destroyed. The name, kind and code location come from the
// static `site` and are never copied. Attribute, event and status calls are
// cheap no-ops when the span is not sampled.
//
// If the guard is destroyed by an exception unwinding the stack and no
// exception was recorded, the span gets status error and an `exception`
// event of unknown type.
//
// Not thread-safe: use it on the thread that created it, and destroy
// guards and Scopes in reverse order of creation (RAII does both). Copy and
// move are deleted.
//
//   Order place(OrderId id, const std::string& region) {
//     static constexpr std::string_view keys[] = {"order_id", "region"};
//     static constexpr telegen::detail::SpanSite site{
//         "orders.place", telegen::SpanKind::server, "place", "orders.cpp", 12, keys};
//     telegen::SpanGuard span(site);
//     span.set_attribute(0, id.value());
//     span.set_attribute(1, region);
//     try {
//       return do_place(id, region);
//     } catch (const std::exception& e) {
//       span.record_exception(e);
//       throw;
//     } catch (...) {
//       span.record_exception();
//       throw;
//     }
//   }
class SpanGuard {
public:
  explicit SpanGuard(const detail::SpanSite& site) noexcept {
    detail::Frame* parent = detail::thread_state.top;
    // The common unsampled case: a child of a dropped span records nothing
    // and leaves the context as it is.
    if (parent != nullptr && parent->recording == detail::Recording::dropped)
      return;
    start(site, parent);
  }
  // Popping the frame is inline, so that a span that records nothing
  // (unsampled, or sampled out at its site) ends without a call.
  ~SpanGuard() {
    if (!pushed_)
      return;
    detail::thread_state.top = frame_.previous;
    if (site_ != nullptr)
      end();
  }
  SpanGuard(const SpanGuard&) = delete;
  SpanGuard& operator=(const SpanGuard&) = delete;
  SpanGuard(SpanGuard&&) = delete;
  SpanGuard& operator=(SpanGuard&&) = delete;

  // Whether this span is recorded (sampled, or held for a tail decision).
  bool is_recording() const noexcept { return site_ != nullptr; }
  // Its ids; invalid when it starts nothing (a child of an unsampled span).
  SpanContext context() const noexcept { return pushed_ ? frame_.span_context : SpanContext{}; }

  // Sets the attribute named site.attribute_keys[index] (ignored when out of
  // range). A later value for the same key replaces the earlier one.
  void set_attribute(std::size_t index, AttributeValue value) noexcept {
    if (site_ != nullptr)
      buffer_.add_indexed_attribute(*site_, index, value);
  }
  // Sets an attribute by name; the name is copied.
  void set_attribute(std::string_view key, AttributeValue value) noexcept {
    if (site_ != nullptr)
      buffer_.add_attribute(key, value);
  }
  // Adds a timestamped event; name and attributes are copied.
  void add_event(std::string_view name, std::initializer_list<Attribute> attributes = {}) noexcept;
  // Adds an `exception` event (exception.type from the dynamic type,
  // exception.message from what()) and sets status error with the message.
  void record_exception(const std::exception& exception) noexcept;
  // For `catch (...)`: the same, with the type of the exception being
  // handled and no message.
  void record_exception() noexcept;
  // Status error with a description; the last call wins.
  void set_error(std::string_view message) noexcept;
  // Status ok, unless an error was set.
  void set_ok() noexcept;
  // Links this span to another span context (e.g. a message's producer).
  void add_link(const SpanContext& linked) noexcept;

private:
  friend struct detail::SpanAccess;
  friend class detail::CoroutineSpan;

  // For CoroutineSpan, which starts the span under a parent of its choice.
  SpanGuard() noexcept = default;
  void start(const detail::SpanSite& site, detail::Frame* parent) noexcept;
  // Records the span; its frame is popped already.
  void end() noexcept;
  void add_request_time(std::uint64_t ticks) const noexcept;

  // Only site_ and pushed_ are initialized up front; start() sets the rest,
  // so a guard that records nothing costs two stores.
  const detail::SpanSite* site_ = nullptr; // null: not recording
  bool pushed_ = false;                    // frame_ is on the context stack
  bool exception_recorded_;
  bool local_root_;
  bool parent_remote_;
  StatusCode status_;
  int uncaught_at_start_;
  std::uint64_t start_ticks_;
  SpanId parent_span_id_;
  detail::Frame frame_;
  detail::SpanBuffer buffer_;
};

// Adds an event to the calling thread's innermost live span. When the
// current context has no live span on this thread (a Scope installed a
// context captured elsewhere), the event is dropped and counted in
// telegen_span_data_dropped_total. Thread-safe: affects the caller's
// thread only.
void add_event(std::string_view name, std::initializer_list<Attribute> attributes = {}) noexcept;
// Sets status error on the calling thread's innermost live span, as above.
void set_error(std::string_view message) noexcept;

namespace detail {
// For generated event emitters: adds an event named site.event with the
// site's fields to the current span, `count` values positional as in
// write_log.
void add_span_event(const EventSite& site, const AttributeValue* values,
                    std::size_t count) noexcept;
inline void add_span_event(const EventSite& site,
                           std::initializer_list<AttributeValue> values) noexcept {
  add_span_event(site, values.begin(), values.size());
}
} // namespace detail

} // namespace telegen
