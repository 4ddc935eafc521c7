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

constexpr std::uint32_t batch = ExtrasReserve::batch;

void drop(const ContextExtras* extras, std::uint32_t count) noexcept {
  if (extras->references.value.fetch_sub(count, std::memory_order_acq_rel) == count)
    delete extras;
}

void give_back() noexcept {
  if (extras_reserve.spare != 0)
    drop(extras_reserve.extras, extras_reserve.spare);
  extras_reserve.extras = nullptr;
  extras_reserve.spare = 0;
}

// Returns the reserve's references when the thread exits; constructed by
// the first fill on the thread, so that its destructor is registered.
struct ReserveOwner {
  bool armed = false;
  ~ReserveOwner() {
    give_back();
    extras_reserve.closed = true;
  }
};
thread_local ReserveOwner owner;

// The reserve holds `spare` references to `extras`, already counted.
void fill(const ContextExtras* extras, std::uint32_t spare, bool captured) noexcept {
  owner.armed = true;
  give_back();
  extras_reserve = {extras, spare, captured, false};
}

bool may_wait(const ContextExtras* extras) noexcept {
  return !extras_reserve.closed && extras->debug == nullptr;
}

} // namespace

void retain_counted(const ContextExtras* extras) noexcept {
  extras->references.value.fetch_add(1, std::memory_order_relaxed);
}

void release_counted(const ContextExtras* extras) noexcept {
  if (extras_reserve.extras == extras) {
    // Never the last reference: past two batches, the reserve keeps one.
    if (++extras_reserve.spare > 2 * batch) {
      extras_reserve.spare -= batch;
      extras->references.value.fetch_sub(batch, std::memory_order_release);
    }
  } else if (may_wait(extras) && !(extras_reserve.captured && extras_reserve.spare != 0)) {
    fill(extras, 1, false);
  } else {
    drop(extras, 1);
  }
}

ExtrasRef capture_counted(const ContextExtras* block) noexcept {
  if (may_wait(block)) {
    block->references.value.fetch_add(1 + batch, std::memory_order_relaxed);
    fill(block, batch, true);
  } else {
    block->references.value.fetch_add(1, std::memory_order_relaxed);
  }
  return ExtrasRef::adopt(block);
}

} // namespace telegen::detail
