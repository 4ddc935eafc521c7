#include "trace/site_limiter.hpp"

#include "core/clock.hpp"
#include "metrics/counters.hpp"

#include <time.h>

namespace telegen::detail {
namespace {

// One site's count in its current window on this thread.
struct SiteWindow {
  const SpanSite* site;
  std::uint64_t window_end; // ticks
  std::uint32_t seen;       // spans started in the window
  std::uint32_t kept;       // of which recorded
  std::uint32_t stride;     // keep one span in `stride`
  std::uint32_t skip;       // spans to sample out before the next kept one
};

// Two-way set-associative by the site's address: a hot site shares its set
// with at most one other before the least recently renewed one is replaced.
constexpr unsigned set_bits = 6;
struct SiteTable {
  SiteWindow slots[2u << set_bits];
};
thread_local SiteTable table;

std::int64_t monotonic_ns() noexcept {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// Ticks per second, measured once over about a millisecond.
std::uint64_t ticks_per_second() noexcept {
  static const std::uint64_t rate = [] {
    const std::int64_t start_ns = monotonic_ns();
    const std::uint64_t start_ticks = now_ticks();
    std::int64_t elapsed_ns = 0;
    while ((elapsed_ns = monotonic_ns() - start_ns) < 1000000) {
    }
    const double per_ns =
        static_cast<double>(now_ticks() - start_ticks) / static_cast<double>(elapsed_ns);
    return static_cast<std::uint64_t>(per_ns * 1e9);
  }();
  return rate;
}

SiteWindow& window_of(const SpanSite& site) noexcept {
  const auto address = reinterpret_cast<std::uintptr_t>(&site);
  const auto set = static_cast<unsigned>((address >> 3) * 0x9E3779B97F4A7C15ull >> (64 - set_bits));
  SiteWindow* pair = &table.slots[set * 2];
  if (pair[0].site == &site)
    return pair[0];
  if (pair[1].site == &site)
    return pair[1];
  SiteWindow& victim = pair[0].window_end <= pair[1].window_end ? pair[0] : pair[1];
  victim = SiteWindow{&site, 0, 0, 0, 1, 0};
  return victim;
}

} // namespace

SiteLimiter global_site_limiter;

void SiteLimiter::configure(std::uint32_t spans_per_second) noexcept {
  if (spans_per_second != 0)
    window_ticks_.store(ticks_per_second(), std::memory_order_relaxed);
  limit_.store(spans_per_second, std::memory_order_relaxed);
}

bool SiteLimiter::admit_limited(const SpanSite& site, std::uint64_t now,
                                std::uint32_t limit) noexcept {
  SiteWindow& w = window_of(site);
  if (now >= w.window_end) {
    // The next window keeps one span in (last window's spans / limit),
    // rounded up: spread over the second rather than all at its start.
    w.stride = w.seen > limit ? (w.seen + limit - 1) / limit : 1;
    w.window_end = now + window_ticks_.load(std::memory_order_relaxed);
    w.seen = 0;
    w.kept = 0;
    w.skip = 0;
  }
  ++w.seen;
  if (w.skip > 0 || w.kept >= limit) {
    if (w.skip > 0)
      --w.skip;
    // The first span over the limit in a window counts the ones it kept.
    if (w.stride == 1 && w.seen == limit + 1)
      site_spans_kept.add(limit);
    site_spans_sampled_out.add();
    return false;
  }
  ++w.kept;
  w.skip = w.stride - 1;
  if (w.stride > 1)
    site_spans_kept.add();
  return true;
}

} // namespace telegen::detail
