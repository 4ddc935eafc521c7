// Per-site protection: a span site that starts recording spans faster than
// the configured rate (TELEGEN_TRACES_SITE_RATE_LIMIT) is sampled down at
// that site, so one hot function cannot flood the exporter and push every
// other span out of the queues.
//
// Each thread keeps, per site (up to 4096 sites, 96 KiB a thread), the
// generic cell rate algorithm's one number: the earliest time the site's
// next span may be recorded. A span recorded moves it one interval (a
// second / the limit) on; a span that comes earlier than that, less a burst
// tolerance of 100 ms worth of spans, is sampled out. So a hot site's
// recorded spans are spread evenly in time, at the limit, with no atomic
// operation on the path.
//
// A burst is taken only while the thread's span queue is at most half
// full: when hundreds of sites turn hot at once (a library instrumented
// whole, a new phase of its work), their bursts together would outgrow the
// queue and be dropped at its end, in whatever order they came. Instead,
// a span that comes early is sampled out at its site while the queue is
// more than half full, and the rest of the queue takes the spans that come
// on time. When even those outrun the exporter (its thread gets no core),
// every span is sampled out at its site while the queue is more than 7/8
// full: the last eighth takes the spans already started when they end, so
// the queue does not refuse them and traces keep their shape (a span
// sampled out leaves its children to its parent). Spans of a request in
// debug mode are never sampled out at their site. What is sampled out is
// counted in telegen_site_spans_sampled_out_total; the spans a site records within a
// second of sampling one out, in telegen_site_spans_kept_total.
#pragma once

#include "core/byte_queue.hpp"
#include "telegen/detail/site.hpp"

#include <atomic>
#include <cstdint>

namespace telegen::detail {

class SiteLimiter {
public:
  // Spans per second per site and thread; 0 turns the limit off.
  void configure(std::uint32_t spans_per_second) noexcept;
  // Whether a span of `site` starting at `now` (ticks) is recorded;
  // `queue` is the calling thread's span queue (null: none yet, so room
  // for a burst). Thread-safe: each thread keeps its own state.
  bool admit(const SpanSite& site, std::uint64_t now, ByteQueue* queue = nullptr) noexcept {
    const std::uint64_t interval = interval_.load(std::memory_order_relaxed);
    return interval == 0 || admit_limited(site, now, interval, queue);
  }
  // The ticks between two recorded spans of a site at its limit; 0: off.
  std::uint64_t interval_ticks() const noexcept {
    return interval_.load(std::memory_order_relaxed);
  }

private:
  bool admit_limited(const SpanSite& site, std::uint64_t now, std::uint64_t interval,
                     ByteQueue* queue) noexcept;

  std::atomic<std::uint64_t> interval_{0};  // ticks between recorded spans; 0: off
  std::atomic<std::uint64_t> tolerance_{0}; // ticks a span may come early
  std::atomic<std::uint64_t> second_{0};    // ticks in a second
};

// Constant-initialized, like the head sampler.
extern SiteLimiter global_site_limiter;
inline SiteLimiter& site_limiter() noexcept { return global_site_limiter; }

} // namespace telegen::detail
