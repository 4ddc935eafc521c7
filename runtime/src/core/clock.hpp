// Timestamps: the hot path reads a cheap tick counter (now_ticks(), in
// telegen/detail/ticks.hpp) and background threads convert ticks to Unix
// nanoseconds.
#pragma once

#include "telegen/detail/ticks.hpp"

#include <cstdint>

namespace telegen::detail {

// Converts ticks to Unix nanoseconds by a linear map through the latest
// (ticks, CLOCK_REALTIME) anchor, with the tick rate measured against
// CLOCK_MONOTONIC since the first converter was made. Records are recent
// relative to the anchor, so the rate's small error hardly matters, and
// wall-clock steps are followed at the next refresh. Not thread-safe: one
// per background thread.
class TickConverter {
public:
  TickConverter();
  // Takes a fresh anchor; call before converting a batch of records.
  void refresh();
  std::uint64_t to_unix_nanos(std::uint64_t ticks) const noexcept {
    const auto delta = static_cast<std::int64_t>(ticks - latest_.ticks);
    return static_cast<std::uint64_t>(
        latest_.realtime_ns +
        static_cast<std::int64_t>(static_cast<double>(delta) * nanos_per_tick_));
  }
  std::uint64_t to_nanos(std::uint64_t tick_delta) const noexcept;

  struct Anchor {
    std::uint64_t ticks;
    std::int64_t monotonic_ns;
    std::int64_t realtime_ns;
  };

private:
  Anchor latest_;
  double nanos_per_tick_ = 1.0;
};

} // namespace telegen::detail
