#include "telegen/detail/http_metrics.hpp"

#include <atomic>

namespace telegen::detail {
namespace {

std::atomic<const HttpMetrics*> registered{nullptr};

} // namespace

const HttpMetrics* http_metrics() noexcept { return registered.load(std::memory_order_acquire); }

void register_http_metrics(const HttpMetrics& metrics) noexcept {
  registered.store(&metrics, std::memory_order_release);
}

} // namespace telegen::detail
