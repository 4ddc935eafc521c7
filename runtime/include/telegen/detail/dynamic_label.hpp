// Bounded dynamic labels: a label whose values are strings known only at run
// time (a tenant, a peer), capped at `max_values` by the schema. Each value
// gets a position on first use; the metric's storage reserves max_values + 1
// positions along the label, the last one for the `__overflow__` series that
// takes every value past the cap. The generated code owns one table per
// metric and label, as `inline DynamicLabelTable<MaxValues>`.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace telegen::detail {

// One value of a dynamic label. Immutable once published, never freed.
struct LabelValue {
  std::size_t hash;
  std::size_t position;
  std::string text;
};

// The string -> position map of one dynamic label of one metric.
// Thread-safe: position() is lock-free for values already seen (a hash and
// one or two probes); a new value takes a mutex once.
class DynamicLabel {
public:
  static constexpr std::string_view overflow_value = "__overflow__";

  DynamicLabel(const DynamicLabel&) = delete;
  DynamicLabel& operator=(const DynamicLabel&) = delete;

  // The position of `value`: from 0 in order of first use, the same for the
  // same value, or max_values() for `__overflow__` once the label is full.
  // Values that are not valid UTF-8 have their invalid bytes replaced by
  // U+FFFD (they always take the slower, locked path).
  std::size_t position(std::string_view value) noexcept {
    const std::size_t hash = std::hash<std::string_view>{}(value);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const LabelValue* entry = table_[i].load(std::memory_order_acquire);
      if (entry == nullptr)
        return add(value, hash);
      if (entry->hash == hash && entry->text == value)
        return entry->position;
    }
  }

  std::size_t max_values() const noexcept { return max_values_; }
  // How many values have a position so far (at most max_values()).
  std::size_t size() const noexcept { return size_.load(std::memory_order_acquire); }
  // The value at `position`, which must be below size().
  std::string_view value_at(std::size_t position) const noexcept {
    return by_position_[position].load(std::memory_order_acquire)->text;
  }
  // Updates sent to `__overflow__` so far.
  std::uint64_t overflowed() const noexcept { return overflowed_.load(std::memory_order_relaxed); }

protected:
  constexpr DynamicLabel(std::atomic<const LabelValue*>* table, std::size_t capacity,
                         std::atomic<const LabelValue*>* by_position,
                         std::size_t max_values) noexcept
      : table_(table), mask_(capacity - 1), by_position_(by_position), max_values_(max_values) {}

private:
  std::size_t add(std::string_view value, std::size_t hash) noexcept;
  std::size_t overflow() noexcept;

  std::atomic<const LabelValue*>* table_; // open addressing, linear probing
  std::size_t mask_;
  std::atomic<const LabelValue*>* by_position_;
  std::size_t max_values_;
  std::atomic<std::size_t> size_{0};
  std::atomic<std::uint64_t> overflowed_{0};
  std::mutex add_mutex_;
};

// Power-of-two capacity with at least half the slots free, so probes stay
// short and always reach an empty slot.
constexpr std::size_t dynamic_label_capacity(std::size_t max_values) noexcept {
  std::size_t capacity = 2;
  while (capacity < 2 * max_values)
    capacity *= 2;
  return capacity;
}

template <std::size_t MaxValues> struct DynamicLabelSlots {
  std::array<std::atomic<const LabelValue*>, dynamic_label_capacity(MaxValues)> table{};
  std::array<std::atomic<const LabelValue*>, MaxValues> by_position{};
};

// A dynamic label's table with its slots inline, constant-initialized so
// metrics can be updated during static initialization.
//   inline DynamicLabelTable<100> tenant_requests_total_tenant;
template <std::size_t MaxValues>
class DynamicLabelTable final : private DynamicLabelSlots<MaxValues>, public DynamicLabel {
  static_assert(MaxValues > 0, "a dynamic label needs max_values of at least 1");

public:
  // The slots are a base constructed before DynamicLabel, so their
  // addresses can be handed to it in a constant expression.
  constexpr DynamicLabelTable() noexcept
      : DynamicLabelSlots<MaxValues>(),
        DynamicLabel(this->table.data(), this->table.size(), this->by_position.data(), MaxValues) {}
};

} // namespace telegen::detail
