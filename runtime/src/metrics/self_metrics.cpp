#include "telegen/detail/self_metrics.hpp"

#include <atomic>

namespace telegen::detail {
namespace {

// Constant-initialized, so counters constructed during dynamic
// initialization of other translation units always find it ready. Counters
// may be constructed concurrently (function-local statics), hence atomic.
std::atomic<SelfCounter*> list_head{nullptr};

} // namespace

SelfCounter::SelfCounter(std::string_view name, std::string_view help, double unit) noexcept
    : name_(name), help_(help), unit_(unit), next_(list_head.load(std::memory_order_relaxed)) {
  while (!list_head.compare_exchange_weak(next_, this, std::memory_order_release,
                                          std::memory_order_relaxed)) {
  }
}

SelfCounter* first_self_counter() noexcept { return list_head.load(std::memory_order_acquire); }

} // namespace telegen::detail
