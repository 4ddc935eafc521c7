// The head sampling decision for local roots, from state start() sets and
// every thread reads with relaxed loads.
#pragma once

#include "telegen/config.hpp"
#include "telegen/span_context.hpp"

#include <atomic>
#include <cstdint>

namespace telegen::detail {

class HeadSampler {
public:
  // Installs `config`; `enabled` false makes every root unsampled.
  void configure(bool enabled, const SamplingConfig& config) noexcept;
  // Every root unsampled until the next configure(), without marking the
  // sampler configured: while start() replaces the pipeline, a thread's
  // first root must still wait for it in ensure_started().
  void disable() noexcept { enabled_.store(false, std::memory_order_relaxed); }
  // Whether the local root of `trace_id` is sampled. `remote_parent` is its
  // parent from a carrier, or null for a new trace.
  // Inline: every local root asks.
  bool sample(const SpanContext* remote_parent, TraceId trace_id) const noexcept {
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
  // Whether roots the sampler drops are held for a tail decision.
  bool holds_unsampled() const noexcept { return hold_.load(std::memory_order_relaxed); }
  bool configured() const noexcept { return configured_.load(std::memory_order_acquire); }
  // Back to unconfigured: the next local root starts telegen again.
  void reset() noexcept {
    enabled_.store(false, std::memory_order_relaxed);
    configured_.store(false, std::memory_order_release);
  }

  // The trace id's right-most 56 bits, which the ratio samplers compare.
  static constexpr std::uint64_t random_bits_mask = (std::uint64_t{1} << 56) - 1;
  // The ratio threshold on the trace id's right-most 56 bits.
  static std::uint64_t threshold_for(double ratio) noexcept;

private:
  std::atomic<bool> configured_{false};
  std::atomic<bool> enabled_{false};
  std::atomic<bool> hold_{false};
  std::atomic<Sampler> sampler_{Sampler::parent_based_always_on};
  std::atomic<std::uint64_t> threshold_{0};
};

// Constant-initialized: reached with no guard check, and ready before any
// static initializer could start a span.
extern HeadSampler global_head_sampler;
inline HeadSampler& head_sampler() noexcept { return global_head_sampler; }

} // namespace telegen::detail
