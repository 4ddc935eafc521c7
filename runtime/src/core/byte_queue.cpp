#include "core/byte_queue.hpp"

#include <new>

namespace telegen::detail {
namespace {

std::size_t round_up_power_of_two(std::size_t n) {
  std::size_t p = 64;
  while (p < n)
    p *= 2;
  return p;
}

} // namespace

ByteQueue::Segment::Segment(std::size_t bytes)
    : mask(bytes - 1),
      data(static_cast<std::byte*>(::operator new (bytes, std::align_val_t{64}, std::nothrow))) {}

ByteQueue::Segment::~Segment() { ::operator delete (data, std::align_val_t{64}); }

ByteQueue::ByteQueue(std::size_t initial_bytes, std::size_t max_bytes)
    : max_bytes_(max_bytes), write_(new Segment(round_up_power_of_two(initial_bytes))),
      read_(write_) {
  if (write_->data == nullptr) {
    delete write_;
    throw std::bad_alloc();
  }
  allocated_.store(write_->mask + 1, std::memory_order_relaxed);
}

ByteQueue::~ByteQueue() {
  for (Segment* s = read_; s != nullptr;) {
    Segment* next = s->next.load(std::memory_order_relaxed);
    delete s;
    s = next;
  }
}

std::byte* ByteQueue::reserve(std::size_t size) noexcept {
  const std::size_t need = (header_bytes + size + 7) & ~std::size_t{7};
  for (;;) {
    Segment* segment = write_;
    const std::uint64_t capacity = segment->mask + 1;
    const std::uint64_t head = segment->head.load(std::memory_order_relaxed);
    const std::uint64_t offset = head & segment->mask;
    // A record that does not fit before the end skips to the start.
    const std::uint64_t skip = capacity - offset < need ? capacity - offset : 0;
    if (need <= capacity) {
      if (head + skip + need - cached_tail_ > capacity)
        cached_tail_ = segment->tail.load(std::memory_order_acquire);
      if (head + skip + need - cached_tail_ <= capacity) {
        std::uint64_t start = head;
        if (skip != 0) {
          std::memcpy(segment->data + offset, &skip_marker, sizeof skip_marker);
          start += skip;
        }
        const auto record_size = static_cast<std::uint32_t>(size);
        std::byte* record = segment->data + (start & segment->mask);
        std::memcpy(record, &record_size, sizeof record_size);
        pending_head_ = start + need;
        // The lines a few records on, fetched for writing now: the consumer
        // read them last, and a store to such a line waits for it to come
        // back. A prefetch past the segment's end is harmless.
        __builtin_prefetch(record + prefetch_distance, 1);
        __builtin_prefetch(record + prefetch_distance + 64, 1);
        return record + header_bytes;
      }
    }
    Segment* next = grow(need);
    if (next == nullptr)
      return nullptr;
    // Everything committed so far is published in `segment`; the consumer
    // finishes it before following the link.
    segment->next.store(next, std::memory_order_release);
    write_ = next;
    cached_tail_ = 0;
  }
}

ByteQueue::Segment* ByteQueue::grow(std::size_t need) noexcept {
  const std::size_t current = write_->mask + 1;
  std::size_t bytes = current * 2;
  while (bytes < need * 2)
    bytes *= 2;
  const std::size_t allocated = allocated_.load(std::memory_order_relaxed);
  const std::size_t max_bytes = max_bytes_.load(std::memory_order_relaxed);
  if (allocated + bytes > max_bytes) {
    // At the bound, segments of the current size take turns, so a queue
    // whose drained segments were freed keeps the whole bound in use, not
    // only its one largest segment.
    bytes = current;
    if (bytes < need * 2 || allocated + bytes > max_bytes)
      return nullptr;
  }
  Segment* segment = new (std::nothrow) Segment(bytes);
  if (segment == nullptr || segment->data == nullptr) {
    delete segment;
    return nullptr;
  }
  allocated_.fetch_add(bytes, std::memory_order_relaxed);
  return segment;
}

bool ByteQueue::advance() noexcept {
  Segment* segment = read_;
  Segment* next = segment->next.load(std::memory_order_acquire);
  if (next == nullptr)
    return false;
  // Records committed before the link are visible now; drain them first.
  if (segment->tail.load(std::memory_order_relaxed) !=
      segment->head.load(std::memory_order_acquire))
    return true;
  read_ = next;
  allocated_.fetch_sub(segment->mask + 1, std::memory_order_relaxed);
  delete segment;
  return true;
}

bool ByteQueue::has_records() const noexcept {
  for (const Segment* s = read_; s != nullptr; s = s->next.load(std::memory_order_acquire))
    if (s->tail.load(std::memory_order_relaxed) != s->head.load(std::memory_order_acquire))
      return true;
  return false;
}

} // namespace telegen::detail
