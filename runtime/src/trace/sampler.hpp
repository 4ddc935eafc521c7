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
  bool sample(const SpanContext* remote_parent, TraceId trace_id) const noexcept;
  // Whether roots the sampler drops are held for a tail decision.
  bool holds_unsampled() const noexcept { return hold_.load(std::memory_order_relaxed); }
  bool configured() const noexcept { return configured_.load(std::memory_order_acquire); }
  // Back to unconfigured: the next local root starts telegen again.
  void reset() noexcept {
    enabled_.store(false, std::memory_order_relaxed);
    configured_.store(false, std::memory_order_release);
  }

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
