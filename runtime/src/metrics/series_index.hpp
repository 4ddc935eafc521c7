// The label values -> series index of a family registered at run time
// (user_metrics.cpp): finding a series that exists takes no lock.
//
// An open-addressing table of pointers to immutable entries. find() loads
// the current table and probes it with acquire loads; insert() runs under
// the family's mutex, publishes each entry with a release store, and when
// the table would pass half full publishes a table twice the size holding
// every entry. A reader still probing an older table may miss an entry
// added since; it then takes the family's locked path, which finds it.
// Older tables and the entries stay until the index is destroyed (the
// family never is), so a reader never sees freed memory; together they
// take at most twice the memory of the largest table.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

template <class Series> class SeriesIndex {
public:
  explicit SeriesIndex(std::size_t label_count) : label_count_(label_count) {
    grow(initial_capacity);
  }
  SeriesIndex(const SeriesIndex&) = delete;
  SeriesIndex& operator=(const SeriesIndex&) = delete;

  // One hash of all the label values, in order.
  std::size_t hash(const std::string_view* values) const noexcept {
    std::size_t hash = label_count_;
    for (std::size_t i = 0; i < label_count_; ++i)
      hash = (hash ^ std::hash<std::string_view>{}(values[i])) * 0x9e3779b97f4a7c15u;
    return hash;
  }

  // The series with these label values, or null. Lock-free; thread-safe.
  Series* find(const std::string_view* values, std::size_t hash) const noexcept {
    const Table* table = table_.load(std::memory_order_acquire);
    for (std::size_t slot = hash & table->mask;; slot = (slot + 1) & table->mask) {
      const Entry* entry = table->slots[slot].load(std::memory_order_acquire);
      if (entry == nullptr)
        return nullptr;
      if (entry->hash == hash && matches(*entry, values))
        return entry->series;
    }
  }

  // Adds values -> series; the values must not be in the index yet. The
  // caller holds the lock that serializes inserts. Throws std::bad_alloc
  // (the index is unchanged then).
  void insert(const std::string_view* values, std::size_t hash, Series* series) {
    const Table* table = table_.load(std::memory_order_relaxed);
    if (2 * (entries_.size() + 1) > table->mask + 1)
      table = grow(2 * (table->mask + 1));
    entries_.reserve(entries_.size() + 1);
    entries_.push_back(std::make_unique<Entry>(Entry{hash, series, encode(values)}));
    place(*table, entries_.back().get());
  }

private:
  static constexpr std::size_t initial_capacity = 16;

  // The values one after the other, each after its size.
  struct Entry {
    std::size_t hash;
    Series* series;
    std::string key;
  };

  struct Table {
    explicit Table(std::size_t capacity)
        : mask(capacity - 1), slots(new std::atomic<const Entry*>[capacity]) {
      for (std::size_t i = 0; i < capacity; ++i)
        slots[i].store(nullptr, std::memory_order_relaxed);
    }
    std::size_t mask;
    std::unique_ptr<std::atomic<const Entry*>[]> slots;
  };

  bool matches(const Entry& entry, const std::string_view* values) const noexcept {
    const char* at = entry.key.data();
    for (std::size_t i = 0; i < label_count_; ++i) {
      std::uint32_t size;
      std::memcpy(&size, at, sizeof size);
      at += sizeof size;
      if (size != values[i].size() || std::memcmp(at, values[i].data(), size) != 0)
        return false;
      at += size;
    }
    return true;
  }

  std::string encode(const std::string_view* values) const {
    std::string key;
    for (std::size_t i = 0; i < label_count_; ++i) {
      const auto size = static_cast<std::uint32_t>(values[i].size());
      key.append(reinterpret_cast<const char*>(&size), sizeof size);
      key.append(values[i]);
    }
    return key;
  }

  static void place(const Table& table, const Entry* entry) noexcept {
    std::size_t slot = entry->hash & table.mask;
    while (table.slots[slot].load(std::memory_order_relaxed) != nullptr)
      slot = (slot + 1) & table.mask;
    table.slots[slot].store(entry, std::memory_order_release);
  }

  // Builds a table of `capacity` slots with every entry, then publishes it.
  const Table* grow(std::size_t capacity) {
    tables_.reserve(tables_.size() + 1);
    auto table = std::make_unique<Table>(capacity);
    for (const auto& entry : entries_)
      place(*table, entry.get());
    tables_.push_back(std::move(table));
    table_.store(tables_.back().get(), std::memory_order_release);
    return tables_.back().get();
  }

  const std::size_t label_count_;
  std::atomic<const Table*> table_{nullptr};
  std::vector<std::unique_ptr<Table>> tables_;        // every table made, the current last
  std::vector<std::unique_ptr<const Entry>> entries_; // in order of insertion
};

} // namespace telegen::detail
