#include "trace/site_limiter.hpp"

#include "core/clock.hpp"
#include "metrics/counters.hpp"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <new>

namespace telegen::detail {
namespace {

// One site's state on this thread.
struct SiteState {
  const SpanSite* site;
  std::uint64_t next;        // ticks: no span recorded before next - tolerance
  std::uint64_t sampled_out; // ticks of the last span sampled out; 0: none yet
};

// Two-way set-associative by the site's address: a hot site shares its set
// with at most one other; a third replaces the one whose next span was due
// earliest (and gets a burst, as a new site does). Sized for a library
// instrumented whole, with hundreds of hot sites: 96 KiB, allocated on a
// thread's first limited span.
constexpr unsigned set_bits = 11;
struct SiteTable {
  SiteState slots[2u << set_bits] = {};
};
thread_local std::unique_ptr<SiteTable> table;

std::int64_t monotonic_ns() noexcept {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// Ticks per second, measured over about a millisecond by the first thread
// that asks (threads asking at once each measure; all keep a measurement).
// Held in an atomic rather than a static with a guard: a child forked while
// another thread measured would wait on that guard forever.
std::uint64_t ticks_per_second() noexcept {
  static std::atomic<std::uint64_t> rate{0};
  if (const std::uint64_t known = rate.load(std::memory_order_relaxed); known != 0)
    return known;
  const std::int64_t start_ns = monotonic_ns();
  const std::uint64_t start_ticks = now_ticks();
  std::int64_t elapsed_ns = 0;
  while ((elapsed_ns = monotonic_ns() - start_ns) < 1000000) {
  }
  const double per_ns =
      static_cast<double>(now_ticks() - start_ticks) / static_cast<double>(elapsed_ns);
  const auto measured = std::max<std::uint64_t>(static_cast<std::uint64_t>(per_ns * 1e9), 1);
  rate.store(measured, std::memory_order_relaxed);
  return measured;
}

// The site's state, or null when this thread's table cannot be allocated.
SiteState* state_of(const SpanSite& site) noexcept {
  if (!table) {
    table.reset(new (std::nothrow) SiteTable);
    if (!table)
      return nullptr;
  }
  const auto address = reinterpret_cast<std::uintptr_t>(&site);
  const auto set = static_cast<unsigned>((address >> 3) * 0x9E3779B97F4A7C15ull >> (64 - set_bits));
  SiteState* pair = &table->slots[set * 2];
  if (pair[0].site == &site)
    return &pair[0];
  if (pair[1].site == &site)
    return &pair[1];
  SiteState& victim = pair[0].next <= pair[1].next ? pair[0] : pair[1];
  victim = SiteState{&site, 0, 0};
  return &victim;
}

} // namespace

SiteLimiter global_site_limiter;

void SiteLimiter::configure(std::uint32_t spans_per_second) noexcept {
  if (spans_per_second == 0) {
    interval_.store(0, std::memory_order_relaxed);
    return;
  }
  const std::uint64_t second = ticks_per_second();
  const std::uint64_t interval = std::max<std::uint64_t>(1, second / spans_per_second);
  // A burst of 100 ms worth of spans, at least one.
  const std::uint64_t burst = std::max<std::uint64_t>(1, spans_per_second / 10);
  second_.store(second, std::memory_order_relaxed);
  tolerance_.store((burst - 1) * interval, std::memory_order_relaxed);
  interval_.store(interval, std::memory_order_relaxed);
}

bool SiteLimiter::admit_limited(const SpanSite& site, std::uint64_t now, std::uint64_t interval,
                                ByteQueue* queue) noexcept {
  SiteState* state = state_of(site);
  if (state == nullptr)
    return true;
  SiteState& s = *state;
  // Ahead of the site's even schedule: recorded only within the burst
  // tolerance, and only while the queue has room for a burst. On schedule:
  // recorded while the queue has room for the spans already started.
  const bool early = now < s.next;
  if ((early && now + tolerance_.load(std::memory_order_relaxed) < s.next) ||
      (queue != nullptr && queue->fuller_than(early ? 4 : 7))) {
    s.sampled_out = now;
    site_spans_sampled_out.add();
    return false;
  }
  s.next = std::max(s.next, now) + interval;
  if (s.sampled_out != 0 && now - s.sampled_out < second_.load(std::memory_order_relaxed))
    site_spans_kept.add();
  return true;
}

} // namespace telegen::detail
