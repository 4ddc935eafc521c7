#include "trace/sampler.hpp"

#include <cmath>

namespace telegen::detail {
namespace {

constexpr std::uint64_t random_bits_mask = (std::uint64_t{1} << 56) - 1;

} // namespace

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

bool HeadSampler::sample(const SpanContext* remote_parent, TraceId trace_id) const noexcept {
  if (!enabled_.load(std::memory_order_relaxed))
    return false;
  const auto by_ratio = [&] {
    return (trace_id.lo & random_bits_mask) >= threshold_.load(std::memory_order_relaxed);
  };
  switch (sampler_.load(std::memory_order_relaxed)) {
  case Sampler::always_on:
    return true;
  case Sampler::always_off:
    return false;
  case Sampler::trace_id_ratio:
    return by_ratio();
  case Sampler::parent_based_always_on:
    return remote_parent ? remote_parent->sampled() : true;
  case Sampler::parent_based_always_off:
    return remote_parent ? remote_parent->sampled() : false;
  case Sampler::parent_based_trace_id_ratio:
    return remote_parent ? remote_parent->sampled() : by_ratio();
  }
  return false;
}

} // namespace telegen::detail
