// Exemplars: the trace of one update a counter or histogram bucket saw,
// which OpenMetrics shows beside the sample (docs/metrics.md#exemplars).
//
// An update made inside a sampled span writes the span's ids, the value
// and a tick stamp into the slot of its count (a counter's series, a
// histogram's bucket) in the calling thread's exemplar block: the thread
// owns its slab and the block, so the write is a seqlock with one writer,
// plain stores and no lock. A scrape reads every thread's slot and shows
// the newest; a slot it reads while the owner writes it is read again,
// never shown torn. Blocks are allocated on a thread's first exemplar in
// a module (one slot per count slot) and live as long as the slab.
#pragma once

#include "telegen/detail/context_stack.hpp"
#include "telegen/detail/likely.hpp"
#include "telegen/detail/thread_shards.hpp"
#include "telegen/detail/ticks.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace telegen::detail {

struct ExemplarSlot {
  // Odd while the owner writes; 0: never written.
  std::atomic<std::uint64_t> sequence;
  std::atomic<std::uint64_t> trace_hi;
  std::atomic<std::uint64_t> trace_lo;
  std::atomic<std::uint64_t> span_id;
  std::atomic<std::uint64_t> ticks;
  std::atomic<double> value;
};

// What a scrape read from a slot: a consistent copy. ticks == 0: none.
struct ExemplarReading {
  std::uint64_t trace_hi = 0;
  std::uint64_t trace_lo = 0;
  std::uint64_t span_id = 0;
  std::uint64_t ticks = 0;
  double value = 0;
};

// The calling thread's exemplar block for `slab`, allocated on first use;
// null when memory is exhausted (the exemplar is then skipped).
TELEGEN_NOINLINE ExemplarSlot* attach_exemplars(SlabHeader& slab) noexcept;
// Forgets the exemplars of `slab` (a multi-process child starts at 0).
void clear_exemplars(SlabHeader& slab, std::size_t slots) noexcept;

// The writer side of the seqlock. Each store after the odd sequence is a
// release, so a reader that sees any of them also sees the odd sequence
// (x86-64: plain moves).
inline void write_exemplar(ExemplarSlot& slot, const SpanContext& span, double value) noexcept {
  const std::uint64_t sequence = slot.sequence.load(std::memory_order_relaxed);
  slot.sequence.store(sequence + 1, std::memory_order_relaxed);
  slot.trace_hi.store(span.trace_id.hi, std::memory_order_release);
  slot.trace_lo.store(span.trace_id.lo, std::memory_order_release);
  slot.span_id.store(span.span_id.value, std::memory_order_release);
  slot.ticks.store(now_ticks(), std::memory_order_release);
  slot.value.store(value, std::memory_order_release);
  slot.sequence.store(sequence + 2, std::memory_order_release);
}

// Called after an update of count slot `slot` in `slab`: records the
// exemplar when the current span is sampled. With no span, one load and a
// branch.
inline void record_exemplar(SlabHeader& slab, std::size_t slot, double value) noexcept {
  const Frame* top = thread_state.top;
  if (top == nullptr || top->recording != Recording::exported)
    return;
  ExemplarSlot* block = slab.exemplars.load(std::memory_order_relaxed);
  if (TELEGEN_UNLIKELY(block == nullptr)) {
    block = attach_exemplars(slab);
    if (block == nullptr)
      return;
  }
  write_exemplar(block[slot], top->span_context, value);
}

} // namespace telegen::detail
