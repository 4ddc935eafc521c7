// A monotonic count that other processes can read. In a single process it
// is an atomic in process memory; once the process shares its metrics
// (multi-process mode, docs/metrics.md#multi-process-metrics) it lives in
// the process's metrics file, where every process's scrape sums it.
// telegen's self-metrics and the overflow counts of dynamic labels use it.
#pragma once

#include "telegen/detail/likely.hpp"

#include <atomic>
#include <cstdint>
#include <string_view>

namespace telegen::detail {

// What a count is, so that scrapes add up the same count of every process.
enum class CountKind : std::uint32_t {
  self = 1,           // a SelfCounter: `name`
  label_overflow = 2, // updates sent to __overflow__: module `fingerprint`, metric `name`, `label`
};

struct CountKey {
  CountKind kind;
  std::uint64_t fingerprint;
  std::string_view name;
  std::string_view label;
};

// Thread-safe. add() is one load and a relaxed atomic add; the first call
// finds where the count lives (a mutex, once). Constant-initialized.
class SharedCount {
public:
  constexpr SharedCount() noexcept = default;
  SharedCount(const SharedCount&) = delete;
  SharedCount& operator=(const SharedCount&) = delete;

  void add(std::uint64_t n, const CountKey& key) noexcept {
    std::atomic<std::uint64_t>* cell = cell_.load(std::memory_order_acquire);
    if (TELEGEN_UNLIKELY(cell == nullptr))
      cell = attach(key);
    cell->fetch_add(n, std::memory_order_relaxed);
  }

  // This process's count.
  std::uint64_t value() const noexcept {
    const std::atomic<std::uint64_t>* cell = cell_.load(std::memory_order_acquire);
    return cell == nullptr ? 0 : cell->load(std::memory_order_relaxed);
  }

  // A forked child of a multi-process service starts from zero: its parent's
  // count is in the parent's file already.
  void reset_after_fork() noexcept {
    if (std::atomic<std::uint64_t>* cell = cell_.load(std::memory_order_acquire))
      cell->store(0, std::memory_order_relaxed);
  }

private:
  std::atomic<std::uint64_t>* attach(const CountKey& key) noexcept;

  std::atomic<std::uint64_t> local_{0};
  std::atomic<std::atomic<std::uint64_t>*> cell_{nullptr};
};

} // namespace telegen::detail
