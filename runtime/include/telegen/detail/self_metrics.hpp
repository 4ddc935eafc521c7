// Counters telegen keeps about itself (dropped spans, failed exports, log
// lines lost to a full disk, ...). The part of the runtime that drops
// something defines a SelfCounter for it; the metrics exposition lists every
// one of them, so what is lost is always counted and reported.
#pragma once

#include "telegen/detail/shared_count.hpp"

#include <cstdint>
#include <string_view>

namespace telegen::detail {

// A monotonic counter with static storage duration. Thread-safe: add() is a
// relaxed atomic increment and may be called from any thread. In
// multi-process mode every process's count is summed (SharedCount).
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
  // `unit`: what one add() counts, in the metric's base unit: 1e-6 for a
  // time kept in microseconds and shown in seconds (name ends _seconds_total).
  SelfCounter(std::string_view name, std::string_view help, double unit = 1) noexcept;
  SelfCounter(const SelfCounter&) = delete;
  SelfCounter& operator=(const SelfCounter&) = delete;

  void add(std::uint64_t n = 1) noexcept { count_.add(n, {CountKind::self, 0, name_, {}}); }
  // This process's count.
  std::uint64_t value() const noexcept { return count_.value(); }
  SharedCount& count() noexcept { return count_; }
  std::string_view name() const noexcept { return name_; }
  std::string_view help() const noexcept { return help_; }
  double unit() const noexcept { return unit_; }
  SelfCounter* next() const noexcept { return next_; }

private:
  std::string_view name_;
  std::string_view help_;
  double unit_;
  SharedCount count_;
  SelfCounter* next_;
};

// The first of every SelfCounter constructed so far (most recent first), or
// nullptr. Safe to call from any thread once static initialization is done.
SelfCounter* first_self_counter() noexcept;

} // namespace telegen::detail
