// Counters telegen keeps about itself (dropped spans, failed exports, log
// lines lost to a full disk, ...). The part of the runtime that drops
// something defines a SelfCounter for it; the metrics exposition lists every
// one of them, so what is lost is always counted and reported.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace telegen::detail {

// A monotonic counter with static storage duration. Thread-safe: add() is a
// relaxed atomic increment and may be called from any thread.
//
//   // at namespace scope in a runtime source file:
//   SelfCounter spans_dropped{"telegen_spans_dropped_total",
//                             "Spans dropped because the export queue was full."};
//   ...
//   spans_dropped.add();
//
// Construct only at namespace scope (or as a function-local static): each
// counter links itself into a list read by every scrape, and never unlinks.
class SelfCounter {
public:
  SelfCounter(std::string_view name, std::string_view help) noexcept;
  SelfCounter(const SelfCounter&) = delete;
  SelfCounter& operator=(const SelfCounter&) = delete;

  void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }
  std::string_view name() const noexcept { return name_; }
  std::string_view help() const noexcept { return help_; }
  const SelfCounter* next() const noexcept { return next_; }

private:
  std::string_view name_;
  std::string_view help_;
  std::atomic<std::uint64_t> value_{0};
  const SelfCounter* next_;
};

// The first of every SelfCounter constructed so far (most recent first), or
// nullptr. Safe to call from any thread once static initialization is done.
const SelfCounter* first_self_counter() noexcept;

} // namespace telegen::detail
