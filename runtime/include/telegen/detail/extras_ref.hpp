// A counted reference to a context's shared block (ContextExtras: request
// context, baggage, tracestate, bound fields). The count is one atomic in
// the block itself, without a control block; an empty context has no block
// and is never counted. Each thread keeps a reserve of references to the
// block it last captured (context/extras_ref.cpp), so that capturing and
// dropping the same context on one thread touches no atomic, and captures
// on one thread dropped on another write the count about once per 64 on
// each side. For the runtime only.
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

namespace telegen::detail {

struct ContextExtras;

// A block's reference count: a new block, or a copy of one, starts with
// the one reference its first ExtrasRef adopts.
class ReferenceCount {
public:
  ReferenceCount() noexcept = default;
  ReferenceCount(const ReferenceCount&) noexcept {}
  ReferenceCount& operator=(const ReferenceCount&) noexcept { return *this; }

  mutable std::atomic<std::uint32_t> value{1};
};

// A thread's reserve of references to one block (context/extras_ref.cpp):
// here, so that a capture and a drop that find their block in it take no
// call. Constant-initialized, so reading it needs no guard.
struct ExtrasReserve {
  static constexpr std::uint32_t batch = 64;
  const ContextExtras* extras; // the block, or null
  std::uint32_t spare;         // references to it held here; 0 claims none
  bool captured;               // filled by a capture: a drop does not replace it
  bool closed;                 // the thread is exiting: keep nothing
};
inline thread_local ExtrasReserve extras_reserve{nullptr, 0, false, false};

// What retain and release do when the reserve cannot serve them.
void retain_counted(const ContextExtras* extras) noexcept;
void release_counted(const ContextExtras* extras) noexcept;

// One more reference to `extras`, from the calling thread's reserve when it
// holds `extras`; one reference less, into that reserve when it does, else
// deleting the block with its last reference (context/extras_ref.cpp).
inline void retain(const ContextExtras* extras) noexcept {
  ExtrasReserve& reserve = extras_reserve;
  if (reserve.extras == extras && reserve.spare != 0)
    --reserve.spare;
  else
    retain_counted(extras);
}
inline void release(const ContextExtras* extras) noexcept {
  ExtrasReserve& reserve = extras_reserve;
  if (reserve.extras == extras && reserve.spare < 2 * ExtrasReserve::batch)
    ++reserve.spare;
  else
    release_counted(extras);
}

class ExtrasRef {
public:
  ExtrasRef() noexcept = default;
  // Takes over a reference already counted (a new block's first one).
  static ExtrasRef adopt(const ContextExtras* extras) noexcept {
    ExtrasRef ref;
    ref.extras_ = extras;
    return ref;
  }

  ExtrasRef(const ExtrasRef& other) noexcept : extras_(other.extras_) {
    if (extras_ != nullptr)
      retain(extras_);
  }
  ExtrasRef(ExtrasRef&& other) noexcept : extras_(std::exchange(other.extras_, nullptr)) {}
  ExtrasRef& operator=(ExtrasRef other) noexcept {
    std::swap(extras_, other.extras_);
    return *this;
  }
  ~ExtrasRef() {
    if (extras_ != nullptr)
      release(extras_);
  }

  const ContextExtras* get() const noexcept { return extras_; }
  const ContextExtras& operator*() const noexcept { return *extras_; }
  const ContextExtras* operator->() const noexcept { return extras_; }
  explicit operator bool() const noexcept { return extras_ != nullptr; }
  friend bool operator==(const ExtrasRef& a, const ExtrasRef& b) noexcept {
    return a.extras_ == b.extras_;
  }
  friend bool operator!=(const ExtrasRef& a, const ExtrasRef& b) noexcept { return !(a == b); }

private:
  const ContextExtras* extras_ = nullptr;
};

} // namespace telegen::detail
