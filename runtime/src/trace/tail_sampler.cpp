#include "trace/tail_sampler.hpp"

#include "metrics/counters.hpp"

#include <utility>

namespace telegen::detail {
namespace {

// How many decisions are remembered for late spans.
constexpr std::size_t remembered_decisions = 4096;

} // namespace

TailSampler::TailSampler(const SamplingConfig& config)
    : keep_errors_(config.keep_errors),
      keep_slow_nanos_(static_cast<std::uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(config.keep_slow).count())),
      max_held_spans_(config.max_held_spans) {}

void TailSampler::add(SpanData&& span, bool local_root, std::vector<SpanData>& kept) {
  const TraceId trace_id = span.trace_id;
  if (auto it = decided_.find(trace_id); it != decided_.end()) {
    if (it->second)
      kept.push_back(std::move(span));
    return;
  }
  const bool errored = span.status == StatusCode::error;
  const bool slow =
      keep_slow_nanos_ != 0 && span.end_unix_nanos - span.start_unix_nanos >= keep_slow_nanos_;
  auto [it, inserted] = held_.try_emplace(trace_id);
  if (inserted)
    held_order_.push_back(trace_id);
  Held& held = it->second;
  held.errored |= errored;
  held.spans.push_back(std::move(span));
  ++held_spans_;
  if (local_root) {
    held.slow_root = slow;
    roots_this_pass_.push_back(trace_id);
  }
  while (held_spans_ > max_held_spans_ && !held_order_.empty()) {
    const TraceId oldest = held_order_.front();
    held_order_.pop_front();
    auto old = held_.find(oldest);
    if (old == held_.end())
      continue; // decided already
    traces_held_evicted.add();
    decide(oldest, keep_errors_ && old->second.errored, kept);
  }
}

void TailSampler::end_pass(std::vector<SpanData>& kept) {
  for (const TraceId& trace_id : roots_last_pass_) {
    auto it = held_.find(trace_id);
    if (it != held_.end()) // else decided early
      decide(trace_id, (keep_errors_ && it->second.errored) || it->second.slow_root, kept);
  }
  roots_last_pass_.swap(roots_this_pass_);
  roots_this_pass_.clear();
}

void TailSampler::decide_all(std::vector<SpanData>& kept) {
  while (!held_order_.empty()) {
    const TraceId trace_id = held_order_.front();
    held_order_.pop_front();
    auto it = held_.find(trace_id);
    if (it != held_.end())
      decide(trace_id, (keep_errors_ && it->second.errored) || it->second.slow_root, kept);
  }
  roots_this_pass_.clear();
  roots_last_pass_.clear();
}

void TailSampler::decide(const TraceId& trace_id, bool keep, std::vector<SpanData>& kept) {
  auto it = held_.find(trace_id);
  held_spans_ -= it->second.spans.size();
  if (keep)
    for (SpanData& span : it->second.spans)
      kept.push_back(std::move(span));
  held_.erase(it);
  remember(trace_id, keep);
  // held_order_ keeps the ids of traces decided by their root until they
  // reach the front; rebuild it when those dominate, so it stays bounded.
  if (held_order_.size() > 2 * held_.size() + 64) {
    std::deque<TraceId> live;
    for (const TraceId& id : held_order_)
      if (held_.count(id) != 0)
        live.push_back(id);
    held_order_.swap(live);
  }
}

void TailSampler::remember(const TraceId& trace_id, bool keep) {
  if (decided_.insert_or_assign(trace_id, keep).second)
    decided_order_.push_back(trace_id);
  while (decided_order_.size() > remembered_decisions) {
    decided_.erase(decided_order_.front());
    decided_order_.pop_front();
  }
}

} // namespace telegen::detail
