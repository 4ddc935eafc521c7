#include "telegen/detail/span_buffer.hpp"

#include "core/codec.hpp"
#include "trace/span_record.hpp"

#include <algorithm>
#include <new>

namespace telegen::detail {
namespace {

constexpr std::size_t short_string_size(std::string_view text) { return 2 + text.size(); }

} // namespace

void SpanBuffer::release() noexcept {
  if (data_ != inline_)
    delete[] data_;
  data_ = inline_;
}

std::byte* SpanBuffer::grow(std::size_t bytes) noexcept {
  if (size_ + bytes <= capacity_)
    return data_ + size_;
  if (size_ + bytes > max_capacity)
    return nullptr;
  const std::size_t capacity =
      std::min(max_capacity, std::max<std::size_t>(capacity_ * 2, size_ + bytes));
  auto* grown = new (std::nothrow) std::byte[capacity];
  if (grown == nullptr)
    return nullptr;
  std::copy_n(data_, size_, grown);
  release();
  data_ = grown;
  capacity_ = static_cast<std::uint32_t>(capacity);
  return data_ + size_;
}

void SpanBuffer::add_indexed_attribute(const SpanSite& site, std::size_t index,
                                       const AttributeValue& value) noexcept {
  if (index >= site.attribute_keys.size)
    return;
  const std::size_t bytes = 1 + 2 + encoded_size(value);
  std::byte* at = grow(bytes);
  if (at == nullptr) {
    ++dropped_attributes_;
    return;
  }
  Writer w(at);
  w.put(SpanItem::indexed_attribute);
  w.put(static_cast<std::uint16_t>(index));
  w.put_value(value);
  size_ += static_cast<std::uint32_t>(bytes);
}

void SpanBuffer::add_attribute(std::string_view key, const AttributeValue& value) noexcept {
  key = key.substr(0, UINT16_MAX);
  const std::size_t bytes = 1 + short_string_size(key) + encoded_size(value);
  std::byte* at = grow(bytes);
  if (at == nullptr) {
    ++dropped_attributes_;
    return;
  }
  Writer w(at);
  w.put(SpanItem::attribute);
  w.put_short_string(key);
  w.put_value(value);
  size_ += static_cast<std::uint32_t>(bytes);
}

void SpanBuffer::add_event(std::uint64_t ticks, std::string_view name,
                           std::initializer_list<Attribute> attributes) noexcept {
  name = name.substr(0, UINT16_MAX);
  std::size_t bytes = 1 + 8 + short_string_size(name) + 2;
  for (const Attribute& a : attributes)
    bytes += short_string_size(a.key.substr(0, UINT16_MAX)) + encoded_size(a.value);
  std::byte* at = grow(bytes);
  if (at == nullptr) {
    ++dropped_events_;
    return;
  }
  Writer w(at);
  w.put(SpanItem::event);
  w.put(ticks);
  w.put_short_string(name);
  w.put(static_cast<std::uint16_t>(attributes.size()));
  for (const Attribute& a : attributes) {
    w.put_short_string(a.key.substr(0, UINT16_MAX));
    w.put_value(a.value);
  }
  size_ += static_cast<std::uint32_t>(bytes);
}

void SpanBuffer::add_site_event(std::uint64_t ticks, const EventSite& site,
                                const AttributeValue* values, std::size_t given) noexcept {
  const std::size_t count = std::min(given, site.fields.size);
  std::size_t bytes = 1 + 8 + sizeof(const EventSite*) + 2;
  for (std::size_t i = 0; i < count; ++i)
    bytes += encoded_size(values[i]);
  std::byte* at = grow(bytes);
  if (at == nullptr) {
    ++dropped_events_;
    return;
  }
  Writer w(at);
  w.put(SpanItem::site_event);
  w.put(ticks);
  w.put(&site);
  w.put(static_cast<std::uint16_t>(count));
  for (std::size_t i = 0; i < count; ++i)
    w.put_value(values[i]);
  size_ += static_cast<std::uint32_t>(bytes);
}

void SpanBuffer::add_exception(std::uint64_t ticks, const char* type_name, std::string_view message,
                               const std::uintptr_t* frames, std::size_t frame_count) noexcept {
  // The message, then the stack, are cut to fit, so the exception itself is
  // always recorded.
  const std::size_t fixed = 1 + 8 + sizeof(const char*) + 4 + 1;
  const std::size_t room = max_capacity > size_ + fixed ? max_capacity - size_ - fixed : 0;
  frame_count = std::min({frame_count, room / 8, std::size_t{255}});
  message = message.substr(0, room - frame_count * 8);
  const std::size_t bytes = fixed + message.size() + frame_count * 8;
  std::byte* at = grow(bytes);
  if (at == nullptr) {
    ++dropped_events_;
    return;
  }
  Writer w(at);
  w.put(SpanItem::exception);
  w.put(ticks);
  w.put(type_name);
  w.put(static_cast<std::uint32_t>(message.size()));
  w.put_bytes(message);
  w.put(static_cast<std::uint8_t>(frame_count));
  for (std::size_t i = 0; i < frame_count; ++i)
    w.put(static_cast<std::uint64_t>(frames[i]));
  size_ += static_cast<std::uint32_t>(bytes);
}

void SpanBuffer::add_link(const SpanContext& linked) noexcept {
  const std::size_t bytes = 1 + 8 + 8 + 8 + 1;
  std::byte* at = grow(bytes);
  if (at == nullptr) {
    ++dropped_links_;
    return;
  }
  Writer w(at);
  w.put(SpanItem::link);
  w.put(linked.trace_id.hi);
  w.put(linked.trace_id.lo);
  w.put(linked.span_id.value);
  w.put(linked.flags);
  size_ += static_cast<std::uint32_t>(bytes);
}

void SpanBuffer::set_status_message(std::string_view message) noexcept {
  const std::size_t fixed = 1 + 4;
  if (size_ + fixed + message.size() > max_capacity)
    message = message.substr(0, max_capacity > size_ + fixed ? max_capacity - size_ - fixed : 0);
  const std::size_t bytes = fixed + message.size();
  std::byte* at = grow(bytes);
  if (at == nullptr)
    return;
  Writer w(at);
  w.put(SpanItem::status_message);
  w.put(static_cast<std::uint32_t>(message.size()));
  w.put_bytes(message);
  size_ += static_cast<std::uint32_t>(bytes);
}

} // namespace telegen::detail
