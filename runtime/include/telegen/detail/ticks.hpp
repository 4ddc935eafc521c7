// The hot path's timestamp: a cheap tick counter (the TSC on x86-64, about
// 10 ns; CLOCK_MONOTONIC elsewhere). Background threads and scrapes convert
// ticks to Unix time (core/clock.hpp's TickConverter).
#pragma once

#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#else
#include <time.h>
#endif

namespace telegen::detail {

inline std::uint64_t now_ticks() noexcept {
#if defined(__x86_64__)
  return __rdtsc();
#else
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(now.tv_nsec);
#endif
}

} // namespace telegen::detail
