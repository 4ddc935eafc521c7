// Bounded dynamic labels: a label whose values are strings known only at run
// time (a tenant, a peer), capped at `max_values` by the schema. Each value
// gets a position on first use; the metric's storage reserves max_values + 1
// positions along the label, the last one for the `__overflow__` series that
// takes every value past the cap. The generated code owns one table per
// metric and label, as `inline DynamicLabelTable<MaxValues>`.
//
// In multi-process mode the processes of a service give a value the same
// position: a table with an identity takes new values from a log in the
// shared directory (src/metrics/label_log.cpp), so the cap holds for the
// service and a scrape sums slots without comparing strings.
#pragma once

#include "telegen/detail/shared_count.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace telegen::detail {

// One value of a dynamic label. Immutable once published, never freed.
struct LabelValue {
  std::string text;
};

// One slot of a dynamic label's hash table: the value's hash and position
// and, for a value of up to 16 bytes, its text, so that finding a known
// value reads one 32-byte slot (half a cache line) and nothing else. A
// longer value's text is compared in its LabelValue. Empty while hash is
// 0; the other fields are written before hash is stored (release) and
// never change after.
struct alignas(32) LabelSlot {
  static constexpr std::size_t inline_text = 16;

  std::atomic<std::uint64_t> hash{0};
  std::uint32_t position = 0;
  std::uint32_t size = 0;
  char text[inline_text] = {};
};

// Which label of which metric of which module (by the module's layout
// fingerprint) a table belongs to. Empty for a table of its own (tests):
// such a table stays per process.
struct LabelIdentity {
  std::uint64_t fingerprint = 0;
  std::string_view metric;
  std::string_view label;
};

class LabelLog;

// The string -> position map of one dynamic label of one metric.
// Thread-safe: position() is lock-free for values already seen (a hash and
// one or two probes of adjacent slots); a new value takes a mutex once.
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
    const std::uint64_t hash = slot_hash(value);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const LabelSlot& slot = table_[i];
      const std::uint64_t slot_hash = slot.hash.load(std::memory_order_acquire);
      if (slot_hash == 0)
        return add(value, hash);
      if (slot_hash == hash && holds(slot, value))
        return slot.position;
    }
  }

  std::size_t max_values() const noexcept { return max_values_; }
  // How many values have a position so far (at most max_values()).
  std::size_t size() const noexcept { return size_.load(std::memory_order_acquire); }
  // The value at `position`, which must be below size().
  std::string_view value_at(std::size_t position) const noexcept {
    return by_position_[position].load(std::memory_order_acquire)->text;
  }
  // Updates this process sent to `__overflow__` so far.
  std::uint64_t overflowed() const noexcept { return overflowed_.value(); }
  const LabelIdentity& identity() const noexcept { return identity_; }

  // fork(): held by the prepare handler, so a child never inherits a
  // half-added value; a multi-process child's overflow count restarts at 0.
  void lock_for_fork() noexcept { add_mutex_.lock(); }
  void unlock_after_fork() noexcept { add_mutex_.unlock(); }
  void reset_after_fork() noexcept { overflowed_.reset_after_fork(); }

protected:
  constexpr DynamicLabel(LabelSlot* table, std::size_t capacity,
                         std::atomic<const LabelValue*>* by_position, std::size_t max_values,
                         LabelIdentity identity) noexcept
      : table_(table), mask_(capacity - 1), by_position_(by_position), max_values_(max_values),
        identity_(identity) {}

private:
  // The shared log reads and extends the table under its own lock.
  friend class LabelLog;

  // The table's hash of `value`, never 0 (0 marks an empty slot).
  static std::uint64_t slot_hash(std::string_view value) noexcept {
    const std::uint64_t hash = std::hash<std::string_view>{}(value);
    return hash != 0 ? hash : 1;
  }
  bool holds(const LabelSlot& slot, std::string_view value) const noexcept {
    if (slot.size != value.size())
      return false;
    if (value.size() <= LabelSlot::inline_text)
      return std::memcmp(slot.text, value.data(), value.size()) == 0;
    return by_position_[slot.position].load(std::memory_order_acquire)->text == value;
  }

  std::size_t add(std::string_view value, std::size_t hash) noexcept;
  std::size_t overflow() noexcept;
  // The position of `value` if it has one; the caller serializes with adds.
  std::size_t find(std::string_view value, std::size_t hash) const noexcept;
  // Gives `value` the next position, max_values() when full or out of
  // memory. The caller holds the lock that serializes adds.
  std::size_t append(std::string_view value, std::size_t hash) noexcept;

  LabelSlot* table_; // open addressing, linear probing
  std::size_t mask_;
  std::atomic<const LabelValue*>* by_position_;
  std::size_t max_values_;
  LabelIdentity identity_;
  std::atomic<std::size_t> size_{0};
  SharedCount overflowed_;
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
  std::array<LabelSlot, dynamic_label_capacity(MaxValues)> table{};
  std::array<std::atomic<const LabelValue*>, MaxValues> by_position{};
};

// A dynamic label's table with its slots inline, constant-initialized so
// metrics can be updated during static initialization.
//   inline DynamicLabelTable<100> tenant_requests_total_tenant{
//       Layout::fingerprint, "tenant_requests_total", "tenant"};
template <std::size_t MaxValues>
class DynamicLabelTable final : private DynamicLabelSlots<MaxValues>, public DynamicLabel {
  static_assert(MaxValues > 0, "a dynamic label needs max_values of at least 1");
  static_assert(MaxValues < UINT32_MAX, "a slot keeps a position in 32 bits");

public:
  // The slots are a base constructed before DynamicLabel, so their
  // addresses can be handed to it in a constant expression.
  constexpr explicit DynamicLabelTable(LabelIdentity identity = {}) noexcept
      : DynamicLabelSlots<MaxValues>(),
        DynamicLabel(this->table.data(), this->table.size(), this->by_position.data(), MaxValues,
                     identity) {}
  constexpr DynamicLabelTable(std::uint64_t fingerprint, std::string_view metric,
                              std::string_view label) noexcept
      : DynamicLabelTable(LabelIdentity{fingerprint, metric, label}) {}
};

} // namespace telegen::detail
