#include "core/thread_queues.hpp"

#include <new>

namespace telegen::detail {

void Waker::wait(std::chrono::nanoseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  condition_.wait_for(lock, timeout,
                      [this] { return woken_.exchange(false, std::memory_order_acquire); });
}

void RoomSignal::wait_for_pass(std::uint64_t seen, std::chrono::steady_clock::time_point until) {
  waiting_.fetch_add(1);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    condition_.wait_until(lock, until, [&] { return passes() != seen; });
  }
  waiting_.fetch_sub(1);
}

std::shared_ptr<QueueSet::Entry> QueueSet::create() {
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    auto entry = std::make_shared<Entry>(initial_bytes_, max_bytes_);
    entries_.push_back(entry);
    generation_.fetch_add(1, std::memory_order_release);
    return entry;
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
}

void QueueSet::set_max_bytes(std::size_t max_bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  max_bytes_ = max_bytes;
  for (const auto& entry : entries_)
    entry->queue.set_max_bytes(max_bytes);
}

void QueueSet::lock_for_fork() {
  mutex_.lock();
  waker_.lock_for_fork();
  room_.lock_for_fork();
}

void QueueSet::unlock_after_fork() {
  room_.unlock_after_fork();
  waker_.unlock_after_fork();
  mutex_.unlock();
}

void QueueSet::forget_after_fork() {
  entries_.clear();
  snapshot_.clear();
  snapshot_generation_ = UINT64_MAX;
  generation_.fetch_add(1, std::memory_order_release);
}

} // namespace telegen::detail
