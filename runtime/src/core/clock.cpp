#include "core/clock.hpp"

#include <time.h>

#include <cstdio>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace telegen::detail {
namespace {

std::int64_t read_clock(clockid_t id) {
  timespec now;
  clock_gettime(id, &now);
  return static_cast<std::int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

TickConverter::Anchor take_anchor() {
  const std::uint64_t before = now_ticks();
  const std::int64_t monotonic = read_clock(CLOCK_MONOTONIC);
  const std::int64_t realtime = read_clock(CLOCK_REALTIME);
  const std::uint64_t after = now_ticks();
  return {before + (after - before) / 2, monotonic, realtime};
}

// The rate needs some distance from the origin to be precise; a new
// process waits at most this long once.
constexpr std::int64_t min_calibration_ns = 2000000;

const TickConverter::Anchor& origin() {
  static const TickConverter::Anchor first = [] {
#if defined(__x86_64__)
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    const bool invariant =
        __get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx) && (edx & (1u << 8)) != 0;
    if (!invariant)
      std::fputs("telegen: this CPU reports no invariant TSC; span and log timestamps may drift\n",
                 stderr);
#endif
    return take_anchor();
  }();
  return first;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] const TickConverter::Anchor& origin_at_load = origin();

} // namespace

TickConverter::TickConverter() : latest_(origin()) { refresh(); }

void TickConverter::refresh() {
  const Anchor& first = origin();
  latest_ = take_anchor();
  while (latest_.monotonic_ns - first.monotonic_ns < min_calibration_ns)
    latest_ = take_anchor();
  nanos_per_tick_ = static_cast<double>(latest_.monotonic_ns - first.monotonic_ns) /
                    static_cast<double>(latest_.ticks - first.ticks);
}

std::uint64_t TickConverter::to_nanos(std::uint64_t tick_delta) const noexcept {
  return static_cast<std::uint64_t>(static_cast<double>(tick_delta) * nanos_per_tick_);
}

} // namespace telegen::detail
