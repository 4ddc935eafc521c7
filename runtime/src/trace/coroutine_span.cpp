#include "telegen/detail/coroutine_span.hpp"

#include <climits>

namespace telegen::detail {

CoroutineSpan::CoroutineSpan(const SpanSite& site) noexcept {
  Frame* base = thread_state.top;
  Frame* parent = base;
  // Started inline by the co_await of a coroutine that suspended a moment
  // ago in this run: that coroutine's context is the parent.
  if (thread_state.handoff != nullptr && thread_state.handoff_base == base)
    parent = thread_state.handoff;
  thread_state.handoff = nullptr;

  if (parent != nullptr && parent->recording == Recording::dropped) {
    own_ = Frame{base, parent->span_context, Recording::dropped, parent->extras, nullptr};
    mine_ = &own_;
  } else {
    span_.start(site, parent);
    mine_ = &span_.frame_;
    mine_->previous = base;
    // The body's exceptions are recorded by the handlers the instrumenter
    // writes; the count of uncaught exceptions is per thread, and the span
    // may end on another one.
    span_.uncaught_at_start_ = INT_MAX;
  }
  if (mine_->extras != nullptr)
    extras_ = *mine_->extras;
  mine_->extras = extras_ ? &extras_ : nullptr;
  thread_state.top = mine_;
  base_ = base;
  top_ = mine_;
  running_ = true;
}

void CoroutineSpan::hand_off() noexcept {
  RunSlot& slot = *thread_state.run;
  slot.frame = *top_;
  slot.frame.span = nullptr;
  const ExtrasRef* extras = top_->extras;
  if (extras != nullptr) {
    // The run's context outlives the slot; anything else is held here.
    if (slot.run_extras != nullptr && slot.run_extras->get() == extras->get()) {
      extras = slot.run_extras;
    } else {
      if (slot.extras != *extras)
        slot.extras = *extras;
      extras = &slot.extras;
    }
  }
  slot.frame.extras = extras;
  thread_state.handoff = &slot.frame;
  thread_state.handoff_base = base_;
}

CoroutineSpan::~CoroutineSpan() {
  // Destroyed while suspended (its frame destroyed before it completed):
  // nothing of it is on this thread's stack; leave the stack as it is.
  Frame* restore = running_ ? base_ : thread_state.top;
  if (mine_ == &own_)
    thread_state.top = restore;
  else
    span_.frame_.previous = restore; // ~SpanGuard pops to it
}

} // namespace telegen::detail
