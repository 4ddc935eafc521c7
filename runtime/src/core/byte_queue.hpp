// A bounded, lock-free, single-producer single-consumer queue of
// variable-size records: each thread writes its finished spans (or log
// records) into its own queue, and one background thread drains them all.
//
// It is a chain of ring segments. It starts small; when the producer finds
// its segment full it links a segment twice as large (up to `max_bytes`
// allocated in all; at the bound, one as large as the current one), and
// the consumer frees a segment once it has drained it and seen the link.
// A record never wraps: if it does not fit before the end of the ring, the
// rest of the ring is skipped.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace telegen::detail {

class ByteQueue {
  struct Segment {
    explicit Segment(std::size_t bytes);
    ~Segment();

    alignas(64) std::atomic<std::uint64_t> head{0}; // published by the producer
    alignas(64) std::atomic<std::uint64_t> tail{0}; // released by the consumer
    alignas(64) std::atomic<Segment*> next{nullptr};
    std::uint64_t mask;
    std::byte* data;
  };

public:
  ByteQueue(std::size_t initial_bytes, std::size_t max_bytes);
  ~ByteQueue();
  ByteQueue(const ByteQueue&) = delete;
  ByteQueue& operator=(const ByteQueue&) = delete;

  // Producer: room for a record of `size` bytes (8-byte aligned), or null
  // when the queue is full. Nothing is visible until commit().
  std::byte* reserve(std::size_t size) noexcept;
  // Producer: publishes the record reserve() returned last. Returns true
  // when the segment has become more than half full and the consumer has
  // not been asked to drain since it last did: wake it then.
  bool commit() noexcept {
    write_->head.store(pending_head_, std::memory_order_release);
    const std::uint64_t half = (write_->mask + 1) / 2;
    if (pending_head_ - cached_tail_ <= half)
      return false;
    cached_tail_ = write_->tail.load(std::memory_order_acquire);
    return pending_head_ - cached_tail_ > half &&
           !drain_requested_.exchange(true, std::memory_order_relaxed);
  }

  // Producer: whether more than `eighths`/8 of what the queue can hold now
  // is taken by records the consumer has not freed yet (segments it has not
  // freed count as full). What it can hold is what it has allocated and
  // one more segment of the current size, if that fits the bound; a queue
  // that can still link a segment twice the size of its current one is
  // less than half full. Reads the consumer's position only when its
  // cached one says so.
  bool fuller_than(unsigned eighths) noexcept {
    const std::uint64_t capacity = write_->mask + 1;
    const std::size_t allocated = allocated_.load(std::memory_order_relaxed);
    const std::size_t max_bytes = max_bytes_.load(std::memory_order_relaxed);
    if (allocated + 2 * capacity <= max_bytes)
      return false;
    const std::size_t holds = allocated + capacity <= max_bytes ? allocated + capacity : allocated;
    const std::size_t limit = holds / 8 * eighths;
    const std::size_t older = allocated - capacity;
    if (older + (pending_head_ - cached_tail_) <= limit)
      return false;
    cached_tail_ = write_->tail.load(std::memory_order_acquire);
    return older + (pending_head_ - cached_tail_) > limit;
  }

  // Consumer: calls visit(const std::byte* data, std::size_t size) for up to
  // `max_records` published records, oldest first, and frees their space.
  // Returns how many it visited.
  template <class Visit> std::size_t consume(Visit&& visit, std::size_t max_records = SIZE_MAX);

  // Consumer: whether a published record is waiting.
  bool has_records() const noexcept;
  // Bytes currently allocated (any thread; approximate).
  std::size_t allocated_bytes() const noexcept {
    return allocated_.load(std::memory_order_relaxed);
  }
  // Any thread: the limit on allocated bytes, for segments grown later.
  void set_max_bytes(std::size_t max_bytes) noexcept {
    max_bytes_.store(max_bytes, std::memory_order_relaxed);
  }

private:
  static constexpr std::uint32_t skip_marker = UINT32_MAX;
  static constexpr std::size_t header_bytes = 8;
  static constexpr std::size_t prefetch_distance = 256;
  static constexpr std::size_t release_every = 256; // records

  Segment* grow(std::size_t need) noexcept;
  // Consumer: moves to the next segment when the current one is drained
  // and linked; returns false when there is none.
  bool advance() noexcept;

  std::atomic<std::size_t> max_bytes_;
  std::atomic<std::size_t> allocated_{0};
  std::atomic<bool> drain_requested_{false};
  // Producer state.
  Segment* write_;
  std::uint64_t pending_head_ = 0;
  std::uint64_t cached_tail_ = 0;
  // Consumer state.
  Segment* read_;
};

template <class Visit> std::size_t ByteQueue::consume(Visit&& visit, std::size_t max_records) {
  std::size_t visited = 0;
  do {
    Segment* segment = read_;
    std::uint64_t position = segment->tail.load(std::memory_order_relaxed);
    const std::uint64_t head = segment->head.load(std::memory_order_acquire);
    while (position != head && visited < max_records) {
      const std::uint64_t offset = position & segment->mask;
      std::uint32_t size;
      std::memcpy(&size, segment->data + offset, sizeof size);
      if (size == skip_marker) {
        position += segment->mask + 1 - offset;
        continue;
      }
      visit(static_cast<const std::byte*>(segment->data + offset + header_bytes),
            std::size_t{size});
      position += (header_bytes + size + 7) & ~std::uint64_t{7};
      // Room for a producer waiting on a full queue as the drain goes.
      if (++visited % release_every == 0)
        segment->tail.store(position, std::memory_order_release);
    }
    segment->tail.store(position, std::memory_order_release);
    drain_requested_.store(false, std::memory_order_relaxed);
    if (visited == max_records)
      break;
  } while (advance());
  return visited;
}

} // namespace telegen::detail
