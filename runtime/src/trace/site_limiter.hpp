// Per-site protection: a span site that starts recording spans faster than
// the configured rate (TELEGEN_TRACES_SITE_RATE_LIMIT) is sampled down at
// that site, so one hot function cannot flood the exporter and push every
// other span out of the queues.
//
// The count is kept per thread and per site, in one-second windows, with no
// atomic on the path: a site over its limit in one window keeps every n-th
// span in the next (n from the last window's count over the limit), and
// never more than the limit in any window. What it samples out it counts
// in telegen_site_spans_sampled_out_total; the spans it keeps while
// sampling a site down, in telegen_site_spans_kept_total.
#pragma once

#include "telegen/detail/site.hpp"

#include <atomic>
#include <cstdint>

namespace telegen::detail {

class SiteLimiter {
public:
  // Spans per second per site and thread; 0 turns the limit off.
  void configure(std::uint32_t spans_per_second) noexcept;
  // Whether a span of `site` starting at `now` (ticks) is recorded.
  // Thread-safe: each thread keeps its own counts.
  bool admit(const SpanSite& site, std::uint64_t now) noexcept {
    const std::uint32_t limit = limit_.load(std::memory_order_relaxed);
    return limit == 0 || admit_limited(site, now, limit);
  }

private:
  bool admit_limited(const SpanSite& site, std::uint64_t now, std::uint32_t limit) noexcept;

  std::atomic<std::uint32_t> limit_{0};
  std::atomic<std::uint64_t> window_ticks_{0};
};

// Constant-initialized, like the head sampler.
extern SiteLimiter global_site_limiter;
inline SiteLimiter& site_limiter() noexcept { return global_site_limiter; }

} // namespace telegen::detail
