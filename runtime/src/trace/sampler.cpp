#include "trace/sampler.hpp"

#include <cmath>

namespace telegen::detail {

HeadSampler global_head_sampler;

std::uint64_t HeadSampler::threshold_for(double ratio) noexcept {
  if (!(ratio > 0.0))
    return random_bits_mask + 1; // never
  if (ratio >= 1.0)
    return 0; // always
  return static_cast<std::uint64_t>(std::llround((1.0 - ratio) * std::ldexp(1.0, 56)));
}

void HeadSampler::configure(bool enabled, const SamplingConfig& config) noexcept {
  enabled_.store(enabled, std::memory_order_relaxed);
  hold_.store(enabled && config.tail_enabled(), std::memory_order_relaxed);
  sampler_.store(config.sampler, std::memory_order_relaxed);
  threshold_.store(threshold_for(config.ratio), std::memory_order_relaxed);
  configured_.store(true, std::memory_order_release);
}

} // namespace telegen::detail
