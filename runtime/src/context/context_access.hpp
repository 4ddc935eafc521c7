// The runtime's access to Context internals, and the process's own context
// read from its environment.
#pragma once

#include "telegen/context.hpp"

#include <atomic>
#include <cstring>
#include <memory>
#include <utility>

namespace telegen::detail {

struct ContextAccess {
  static Context make(const SpanContext& span_context, Recording recording,
                      ExtrasRef extras) noexcept {
    Context context;
    // All 32 bytes, padding included, as two aligned 16-byte stores: a
    // member-wise copy of its 26 bytes of fields writes overlapping ones,
    // and the caller's first copy of the result (into a bound callable, a
    // task's heap block) then waits for them to retire, as a load that
    // spans two stores cannot be forwarded from them.
    std::memcpy(&context.span_context_, &span_context, sizeof(SpanContext));
    context.recording_ = recording;
    context.extras_ = std::move(extras);
    return context;
  }
  // A context owning `extras`, a block no one else holds yet.
  static Context make(const SpanContext& span_context, Recording recording,
                      std::unique_ptr<ContextExtras> extras) noexcept {
    return make(span_context, recording, ExtrasRef::adopt(extras.release()));
  }
  static Recording recording(const Context& context) noexcept { return context.recording_; }
  static const ExtrasRef& extras(const Context& context) noexcept { return context.extras_; }
};

// What capture does when the thread's reserve holds no reference to
// `block` (context/extras_ref.cpp).
ExtrasRef capture_counted(const ContextExtras* block) noexcept;

// Another reference to `extras`, for a context captured on this thread: it
// becomes the block the thread keeps references to in reserve.
inline ExtrasRef capture(const ExtrasRef& extras) noexcept {
  const ContextExtras* block = extras.get();
  if (block == nullptr)
    return {};
  ExtrasReserve& reserve = extras_reserve;
  if (reserve.extras == block && reserve.spare != 0) {
    --reserve.spare;
    return ExtrasRef::adopt(block);
  }
  return capture_counted(block);
}

// The context in this process's environment (TRACEPARENT, TRACESTATE,
// BAGGAGE, X_REQUEST_ID, X_FRONTEND_ID, X_CORRELATION_ID), read once; empty
// when none is set.
const Context& process_context();
// The process frame once looked up (the frame below, or
// &no_process_frame), or null before; read without a call by every root
// span.
extern std::atomic<const Frame*> process_frame_slot;
extern const Frame no_process_frame;
const Frame* look_up_process_frame();

// The process context as a frame under every thread's stack, or null when
// empty.
inline const Frame* process_frame() {
  const Frame* frame = process_frame_slot.load(std::memory_order_acquire);
  if (frame == nullptr)
    frame = look_up_process_frame();
  return frame != &no_process_frame ? frame : nullptr;
}

// The frame whose context the calling thread runs under (innermost frame,
// else the process frame), or null.
inline const Frame* current_frame() noexcept {
  const Frame* top = thread_state.top;
  return top != nullptr ? top : process_frame();
}

} // namespace telegen::detail
