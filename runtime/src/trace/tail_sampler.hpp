// Tail decisions for local traces the head sampler dropped: their spans are
// held until the local root ends, then kept if any span has status error
// or the root was slow, else dropped.
#pragma once

#include "telegen/config.hpp"
#include "telegen/exporter.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

namespace telegen::detail {

struct TraceIdHash {
  std::size_t operator()(const TraceId& id) const noexcept {
    return static_cast<std::size_t>(id.hi ^ id.lo);
  }
};

// Not thread-safe: used by the span processor's thread only.
class TailSampler {
public:
  explicit TailSampler(const SamplingConfig& config);

  // Takes a held span. Spans of traces decided to be kept (also spans that
  // arrive late, after their root) are appended to `kept`.
  void add(SpanData&& span, bool local_root, std::vector<SpanData>& kept);
  // Call after each pass over all thread queues: decides the traces whose
  // root arrived in an earlier pass. Waiting one pass matters: a child that
  // ended before its root on another thread may sit in a queue the pass
  // had already read when the root was committed; the next pass sees it.
  void end_pass(std::vector<SpanData>& kept);
  // Decides every held trace on what is known (kept if it has an error).
  void decide_all(std::vector<SpanData>& kept);

  std::size_t held_spans() const noexcept { return held_spans_; }

private:
  struct Held {
    std::vector<SpanData> spans;
    bool errored = false;
    bool slow_root = false;
  };

  void decide(const TraceId& trace_id, bool keep, std::vector<SpanData>& kept);
  void remember(const TraceId& trace_id, bool keep);

  bool keep_errors_;
  std::uint64_t keep_slow_nanos_; // 0: off
  std::size_t max_held_spans_;
  std::unordered_map<TraceId, Held, TraceIdHash> held_;
  std::deque<TraceId> held_order_; // oldest first; may name decided traces
  std::size_t held_spans_ = 0;
  std::vector<TraceId> roots_this_pass_;
  std::vector<TraceId> roots_last_pass_;
  // Recent decisions, for spans that end after their root.
  std::unordered_map<TraceId, bool, TraceIdHash> decided_;
  std::deque<TraceId> decided_order_;
};

} // namespace telegen::detail
