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

#include "telegen/detail/likely.hpp"
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

// One slot of a dynamic label's hash table, one word: the value's position
// (low 32 bits), its size (the next 8; 255 for any size past 254) and 23
// bits of its hash with the top bit set, so a filled slot is never 0. The
// hash bits come from below those a probe starts from (slots near each
// other mostly share those), mixed with the top bits. Eight slots share a
// cache line: a table of 100,000 values is 2 MiB of slots and 1.6 MB of
// text (LabelText), where slots holding the text took 8 MiB; which of the
// two a machine's caches hold decides the lookup's cost
// (docs/performance.md). Written once, with release, after the text.
struct LabelSlot {
  std::atomic<std::uint64_t> word{0};

  static constexpr std::uint32_t tag(std::uint64_t hash, std::size_t size) noexcept {
    const std::uint32_t clipped = size < 255 ? static_cast<std::uint32_t>(size) : 255;
    const auto bits = static_cast<std::uint32_t>((hash ^ hash >> 29) >> 16);
    return ((bits | 0x8000'0000u) & 0xFFFF'FF00u) | clipped;
  }
  static constexpr std::uint32_t position_of(std::uint64_t word) noexcept {
    return static_cast<std::uint32_t>(word);
  }
};

// A value of up to 16 bytes, zero-padded, kept by position: what a lookup
// compares once a slot's tag and size match. Atomic because a lookup may
// read it before knowing the slot holds its value. A longer value's text is
// compared in its LabelValue.
struct alignas(16) LabelText {
  static constexpr std::size_t inline_text = 16;
  std::atomic<std::uint64_t> text[inline_text / 8] = {};
};

// What a lookup compares a slot with: the value's hash, size and, for a
// value of up to 16 bytes, its text zero-padded as slots keep it. A short
// value is read as two words with loads inside its bytes (no copy, no
// call) and hashed from them by two multiplies, whose high bits depend on
// every bit of the words (the table starts a probe from the high bits); a
// longer one by std::hash.
struct LabelKey {
  std::uint64_t hash;
  std::uint32_t size;
  std::uint64_t text[LabelText::inline_text / 8] = {};

  explicit LabelKey(std::string_view value) noexcept
      : size(static_cast<std::uint32_t>(value.size())) {
    const char* p = value.data();
    const std::size_t n = value.size();
    if (n > LabelText::inline_text) {
      hash = std::hash<std::string_view>{}(value);
    } else {
      if (n > 8) {
        text[0] = load<std::uint64_t>(p);
        text[1] = load<std::uint64_t>(p + n - 8) >> (8 * (16 - n));
      } else if (n >= 4) {
        text[0] = load<std::uint32_t>(p) | std::uint64_t{load<std::uint32_t>(p + n - 4)}
                                               << (8 * (n - 4));
      } else if (n > 0) {
        text[0] = byte(p[0]) | byte(p[n / 2]) << (8 * (n / 2)) | byte(p[n - 1]) << (8 * (n - 1));
      }
      hash = text[0] * 0x9E3779B97F4A7C15u + rotate(text[1] ^ n, 31) * 0xC2B2AE3D27D4EB4Fu;
    }
    hash = hash != 0 ? hash : 1; // 0 marks an empty slot
  }

  // What a slot holding this value has above its position.
  std::uint32_t tag() const noexcept { return LabelSlot::tag(hash, size); }

  // 0 exactly when `held` is this key's short value: both words compared
  // at once, so a lookup takes one branch on the text, not a call to
  // compare it.
  std::uint64_t difference(const LabelText& held) const noexcept {
    return (held.text[0].load(std::memory_order_relaxed) ^ text[0]) |
           (held.text[1].load(std::memory_order_relaxed) ^ text[1]);
  }

private:
  template <class Word> static Word load(const char* p) noexcept {
    Word word;
    std::memcpy(&word, p, sizeof word);
    return word;
  }
  static std::uint64_t byte(char c) noexcept { return static_cast<unsigned char>(c); }
  static std::uint64_t rotate(std::uint64_t x, int n) noexcept { return x << n | x >> (64 - n); }
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
    if (TELEGEN_UNLIKELY(value.size() > LabelText::inline_text))
      return long_value_position(value, slot_hash(value));
    const LabelKey key(value);
    const std::uint32_t tag = key.tag();
    for (std::size_t i = home(key.hash);; i = (i + 1) & mask_) {
      const std::uint64_t word = table_[i].word.load(std::memory_order_acquire);
      if (TELEGEN_LIKELY(word >> 32 == tag)) {
        const std::uint32_t at = LabelSlot::position_of(word);
        if (TELEGEN_LIKELY(key.difference(texts_[at]) == 0))
          return at;
      } else if (word == 0) {
        return add(value, key.hash);
      }
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
  constexpr DynamicLabel(LabelSlot* table, std::size_t capacity, LabelText* texts,
                         std::atomic<const LabelValue*>* by_position, std::size_t max_values,
                         LabelIdentity identity) noexcept
      : table_(table), texts_(texts), mask_(capacity - 1), shift_(64 - log2(capacity)),
        by_position_(by_position), max_values_(max_values), identity_(identity) {}

private:
  static constexpr unsigned log2(std::size_t n) noexcept { return n > 1 ? 1 + log2(n / 2) : 0; }

  // The shared log reads and extends the table under its own lock.
  friend class LabelLog;

  // The table's hash of `value`, never 0 (0 marks an empty slot).
  static std::uint64_t slot_hash(std::string_view value) noexcept { return LabelKey(value).hash; }
  // The slot where the probe for `hash` starts: its high bits, so a short
  // value's hash needs no final mixing step (fewer instructions per lookup
  // let more lookups overlap their cache misses).
  std::size_t home(std::uint64_t hash) const noexcept {
    return static_cast<std::size_t>(hash >> shift_);
  }
  bool holds(std::uint64_t word, std::string_view value, std::uint64_t hash) const noexcept {
    if (word >> 32 != LabelSlot::tag(hash, value.size()))
      return false;
    const std::uint32_t at = LabelSlot::position_of(word);
    if (value.size() <= LabelText::inline_text)
      return LabelKey(value).difference(texts_[at]) == 0;
    return by_position_[at].load(std::memory_order_acquire)->text == value;
  }

  // position() of a value longer than a slot's inline text.
  std::size_t long_value_position(std::string_view value, std::uint64_t hash) noexcept;
  std::size_t add(std::string_view value, std::size_t hash) noexcept;
  std::size_t overflow() noexcept;
  // The position of `value` if it has one; the caller serializes with adds.
  std::size_t find(std::string_view value, std::size_t hash) const noexcept;
  // Gives `value` the next position, max_values() when full or out of
  // memory. The caller holds the lock that serializes adds.
  std::size_t append(std::string_view value, std::size_t hash) noexcept;

  LabelSlot* table_; // open addressing, linear probing
  LabelText* texts_; // by position
  std::size_t mask_;
  unsigned shift_; // 64 - log2(capacity)
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
  std::array<LabelText, MaxValues> texts{};
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
        DynamicLabel(this->table.data(), this->table.size(), this->texts.data(),
                     this->by_position.data(), MaxValues, identity) {}
  constexpr DynamicLabelTable(std::uint64_t fingerprint, std::string_view metric,
                              std::string_view label) noexcept
      : DynamicLabelTable(LabelIdentity{fingerprint, metric, label}) {}
};

} // namespace telegen::detail
