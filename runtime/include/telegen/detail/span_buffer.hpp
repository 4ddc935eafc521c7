// The attributes, events, links and status message of one live span,
// encoded as they are added into storage inside the SpanGuard (spilling to
// the heap past a few hundred bytes, up to a cap), and copied as one block
// into the thread's export buffer when the span ends. For the runtime only.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/span_context.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace telegen::detail {

struct SpanSite;
struct EventSite;

// Trivially constructible and destructible: a SpanGuard that records
// nothing never touches it. reset() before use, release() after.
class SpanBuffer {
public:
  static constexpr std::size_t inline_capacity = 256;
  // Past this, further additions are dropped and counted (OTLP's
  // droppedAttributesCount / droppedEventsCount / droppedLinksCount).
  static constexpr std::size_t max_capacity = 16 * 1024;

  void reset() noexcept {
    data_ = inline_;
    size_ = 0;
    capacity_ = inline_capacity;
    dropped_attributes_ = 0;
    dropped_events_ = 0;
    dropped_links_ = 0;
  }
  void release() noexcept;

  // By reference: a value copied into a call's stack arguments is read
  // back with wider loads than the caller stored it with, which stalls.
  void add_indexed_attribute(const SpanSite& site, std::size_t index,
                             const AttributeValue& value) noexcept;
  void add_attribute(std::string_view key, const AttributeValue& value) noexcept;
  void add_event(std::uint64_t ticks, std::string_view name,
                 std::initializer_list<Attribute> attributes) noexcept;
  void add_site_event(std::uint64_t ticks, const EventSite& site, const AttributeValue* values,
                      std::size_t count) noexcept;
  // `type_name` is a mangled std::type_info name (static storage), or null
  // for an exception of unknown type; it is demangled off the hot path, and
  // the `frame_count` program counters of its stack (innermost first) are
  // symbolized there into exception.stacktrace.
  void add_exception(std::uint64_t ticks, const char* type_name, std::string_view message,
                     const std::uintptr_t* frames = nullptr, std::size_t frame_count = 0) noexcept;
  void add_link(const SpanContext& linked) noexcept;
  void set_status_message(std::string_view message) noexcept;

  const std::byte* data() const noexcept { return data_; }
  std::uint32_t size() const noexcept { return size_; }
  std::uint16_t dropped_attributes() const noexcept { return dropped_attributes_; }
  std::uint16_t dropped_events() const noexcept { return dropped_events_; }
  std::uint16_t dropped_links() const noexcept { return dropped_links_; }

private:
  // Room for `bytes` more, or null (and nothing changes) past max_capacity.
  std::byte* grow(std::size_t bytes) noexcept;

  std::byte* data_;
  std::uint32_t size_;
  std::uint32_t capacity_;
  std::uint16_t dropped_attributes_;
  std::uint16_t dropped_events_;
  std::uint16_t dropped_links_;
  alignas(8) std::byte inline_[inline_capacity];
};

} // namespace telegen::detail
