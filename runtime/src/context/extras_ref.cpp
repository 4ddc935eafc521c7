// The reference counts of contexts' shared blocks, and each thread's
// reserve of references to one block.
//
// A pool's submitting thread captures the same request's context for task
// after task, and the tasks drop it on a worker. With one count per
// capture and per drop, the count's cache line changed cores twice a hop.
// Here a capture takes a reference from the thread's reserve (refilled
// `batch` at a time: one atomic per `batch` captures), and a drop puts the
// reference into the dropping thread's reserve: into the block the thread
// captured, or, on a thread whose reserve holds no captured references (a
// worker), into the block it last dropped. Past twice a batch the reserve
// gives a batch back. So the count is written about once per `batch` hops
// on each side. The cost: a thread keeps the block it last captured or
// dropped alive until it captures or drops another one, or exits. A block
// in debug mode never waits in a reserve: its end restores the process's
// log level (DebugMode's destructor).
#include "context/context_access.hpp"

namespace telegen::detail {
namespace {

constexpr std::uint32_t batch = 64;

struct Reserve {
  const ContextExtras* extras; // the block, or null
  std::uint32_t spare;         // references to it held here; 0 claims none
  bool captured;               // filled by a capture: a drop does not replace it
  bool closed;                 // the thread is exiting: keep nothing
};
thread_local Reserve reserve{nullptr, 0, false, false};

void drop(const ContextExtras* extras, std::uint32_t count) noexcept {
  if (extras->references.value.fetch_sub(count, std::memory_order_acq_rel) == count)
    delete extras;
}

void give_back() noexcept {
  if (reserve.spare != 0)
    drop(reserve.extras, reserve.spare);
  reserve.extras = nullptr;
  reserve.spare = 0;
}

// Returns the reserve's references when the thread exits; constructed by
// the first fill on the thread, so that its destructor is registered.
struct ReserveOwner {
  bool armed = false;
  ~ReserveOwner() {
    give_back();
    reserve.closed = true;
  }
};
thread_local ReserveOwner owner;

// The reserve holds `spare` references to `extras`, already counted.
void fill(const ContextExtras* extras, std::uint32_t spare, bool captured) noexcept {
  owner.armed = true;
  give_back();
  reserve = {extras, spare, captured, false};
}

bool may_wait(const ContextExtras* extras) noexcept {
  return !reserve.closed && extras->debug == nullptr;
}

} // namespace

void retain(const ContextExtras* extras) noexcept {
  if (reserve.extras == extras && reserve.spare != 0)
    --reserve.spare;
  else
    extras->references.value.fetch_add(1, std::memory_order_relaxed);
}

void release(const ContextExtras* extras) noexcept {
  if (reserve.extras == extras) {
    // Never the last reference: past two batches, the reserve keeps one.
    if (++reserve.spare > 2 * batch) {
      reserve.spare -= batch;
      extras->references.value.fetch_sub(batch, std::memory_order_release);
    }
  } else if (may_wait(extras) && !(reserve.captured && reserve.spare != 0)) {
    fill(extras, 1, false);
  } else {
    drop(extras, 1);
  }
}

ExtrasRef capture(const ExtrasRef& extras) noexcept {
  const ContextExtras* block = extras.get();
  if (block == nullptr)
    return {};
  if (reserve.extras == block && reserve.spare != 0) {
    --reserve.spare;
  } else if (may_wait(block)) {
    block->references.value.fetch_add(1 + batch, std::memory_order_relaxed);
    fill(block, batch, true);
  } else {
    block->references.value.fetch_add(1, std::memory_order_relaxed);
  }
  return ExtrasRef::adopt(block);
}

} // namespace telegen::detail
