// The runtime's access to Context internals, and the process's own context
// read from its environment.
#pragma once

#include "telegen/context.hpp"

#include <atomic>
#include <memory>
#include <utility>

namespace telegen::detail {

struct ContextAccess {
  static Context make(const SpanContext& span_context, Recording recording,
                      std::shared_ptr<const ContextExtras> extras) {
    Context context;
    context.span_context_ = span_context;
    context.recording_ = recording;
    context.extras_ = std::move(extras);
    return context;
  }
  static Recording recording(const Context& context) noexcept { return context.recording_; }
  static const std::shared_ptr<const ContextExtras>& extras(const Context& context) noexcept {
    return context.extras_;
  }
};

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
