// The per-thread stack of active contexts. Every live SpanGuard and Scope
// is one Frame on its thread's stack, linked through the frames themselves
// (they live in the guards, on the caller's stack), so entering and leaving
// a span costs two pointer writes and no allocation. For generated code and
// the runtime only.
#pragma once

#include "telegen/detail/extras_ref.hpp"
#include "telegen/span_context.hpp"

#include <cstdint>

namespace telegen {
class SpanGuard;
} // namespace telegen

namespace telegen::detail {

// What the local process does with the spans of a trace.
enum class Recording : std::uint8_t {
  none,     // no trace: the next span starts one
  remote,   // the parent came from a carrier: the next span decides
  dropped,  // not sampled: spans under it record nothing
  held,     // not sampled yet: recorded, kept or dropped when the local root ends
  exported, // sampled: recorded and exported
};

// No default member initializers: a SpanGuard that records nothing never
// pays for initializing its frame. Whoever pushes a frame sets every field.
struct Frame {
  Frame* previous;
  SpanContext span_context;
  Recording recording;
  // Request context, baggage and tracestate, owned by the Scope frame that
  // installed them (or by the process context); every frame above shares
  // the reference without touching its count.
  const ExtrasRef* extras;
  // The live span this frame belongs to; null for a Scope frame.
  SpanGuard* span;
};

// What a coroutine that suspends inside a run hands to the coroutine it
// awaits (coroutine_span.hpp): a copy of its innermost frame, kept by the
// run. The suspended coroutine may be resumed and destroyed by another
// thread before the run ends, so nothing here points into it: `frame.extras`
// points to `run_extras` (the run's own context, when it is the same
// request) or to `extras`, a reference this slot holds.
struct RunSlot {
  Frame frame;
  const ExtrasRef* run_extras; // the run's context's, or null
  ExtrasRef extras;
};

// Constant-initialized so that reaching it needs no guard check: with
// static linking this is one %fs-relative load.
struct ThreadState {
  Frame* top = nullptr;
  std::uint64_t random_state = 0; // 0: not seeded yet
  // The innermost run telegen started on this thread and has not finished
  // (a call of a ContextBound, a handler of an Asio executor telegen
  // wrapped), or null. Each run restores the thread's context when it
  // returns, whatever a coroutine it resumed left behind.
  RunSlot* run = nullptr;
  // A coroutine that suspended inside a run, for the coroutine it awaits,
  // which starts inline on this thread right after: the run's copy of its
  // innermost frame, and what `top` was when it suspended. Stale as soon as
  // `top` changes, and cleared when the run ends.
  Frame* handoff = nullptr;
  Frame* handoff_base = nullptr;
};
inline thread_local ThreadState thread_state;

} // namespace telegen::detail
