// The set of per-thread ByteQueues one background thread drains (one set
// for spans, one for logs), and the wake-up between them.
#pragma once

#include "core/byte_queue.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace telegen::detail {

// Lets producers wake the background thread without a lock. A wake-up that
// races with the thread going to sleep is lost, which only delays the
// drain until the thread's next timed wake-up.
class Waker {
public:
  void wake() noexcept {
    woken_.store(true, std::memory_order_release);
    condition_.notify_one();
  }
  // Background thread: sleeps until woken or `timeout` passes.
  void wait(std::chrono::nanoseconds timeout);

  // Around fork(): held across it, so the child's copy is unlocked.
  void lock_for_fork() { mutex_.lock(); }
  void unlock_after_fork() { mutex_.unlock(); }

private:
  std::atomic<bool> woken_{false};
  std::mutex mutex_;
  std::condition_variable condition_;
};

// Lets a producer whose queue is full wait until the background thread has
// drained the queues (a guaranteed log record). Costs the background thread
// one relaxed load a pass when nobody waits.
class RoomSignal {
public:
  // Producer: read before trying to reserve; wait_for_pass(seen, ...) then
  // returns at once if a pass ended since.
  std::uint64_t passes() const noexcept { return passes_.load(); }
  // Producer: sleeps until a pass ends after `seen`, or `until`.
  void wait_for_pass(std::uint64_t seen, std::chrono::steady_clock::time_point until);
  // Background thread: a pass over the queues has ended.
  // Sequentially consistent with wait_for_pass: either the waiter sees the
  // new pass, or this sees the waiter.
  void pass_ended() {
    passes_.fetch_add(1);
    if (waiting_.load() == 0)
      return;
    std::lock_guard<std::mutex> lock(mutex_);
    condition_.notify_all();
  }

  // Around fork(): held across it, so the child's copy is unlocked.
  void lock_for_fork() { mutex_.lock(); }
  void unlock_after_fork() { mutex_.unlock(); }

private:
  std::atomic<std::uint64_t> passes_{0};
  std::atomic<unsigned> waiting_{0};
  std::mutex mutex_;
  std::condition_variable condition_;
};

// Thread-safe. Producers reach their own queue through a thread_local
// pointer their pipeline keeps; registering a new one takes a lock once.
class QueueSet {
public:
  struct Entry {
    Entry(std::size_t initial_bytes, std::size_t max_bytes) : queue(initial_bytes, max_bytes) {}
    ByteQueue queue;
    std::atomic<bool> abandoned{false}; // its thread has exited
  };

  QueueSet(std::size_t initial_bytes, std::size_t max_bytes)
      : initial_bytes_(initial_bytes), max_bytes_(max_bytes) {}

  // A new queue for the calling thread, or null when out of memory.
  std::shared_ptr<Entry> create();
  // Limit for every queue, present and future.
  void set_max_bytes(std::size_t max_bytes);

  // Background thread: calls visit(Entry&) for every queue, then forgets
  // abandoned queues it has drained.
  template <class Visit> void for_each(Visit&& visit);

  Waker& waker() noexcept { return waker_; }
  RoomSignal& room() noexcept { return room_; }

  // Around fork(): the prepare handler holds every lock a producer or the
  // background thread may take, the parent's and the child's handlers
  // release them. In the child, forget_after_fork() first drops every
  // queue: their records are the parent's to export.
  void lock_for_fork();
  void unlock_after_fork();
  void forget_after_fork();

private:
  std::size_t initial_bytes_;
  std::mutex mutex_;
  std::size_t max_bytes_;
  std::vector<std::shared_ptr<Entry>> entries_;
  std::atomic<std::uint64_t> generation_{0};
  // Background thread's copy of entries_, refreshed when generation_ moves.
  std::vector<std::shared_ptr<Entry>> snapshot_;
  std::uint64_t snapshot_generation_ = UINT64_MAX;
  Waker waker_;
  RoomSignal room_;
};

template <class Visit> void QueueSet::for_each(Visit&& visit) {
  const std::uint64_t generation = generation_.load(std::memory_order_acquire);
  if (generation != snapshot_generation_) {
    std::lock_guard<std::mutex> lock(mutex_);
    snapshot_ = entries_;
    snapshot_generation_ = generation;
  }
  bool forget = false;
  for (const auto& entry : snapshot_) {
    visit(*entry);
    forget |= entry->abandoned.load(std::memory_order_acquire) && !entry->queue.has_records();
  }
  if (!forget)
    return;
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    // abandoned is set after the thread's last commit, so a drained
    // abandoned queue stays empty.
    if ((*it)->abandoned.load(std::memory_order_acquire) && !(*it)->queue.has_records())
      it = entries_.erase(it);
    else
      ++it;
  }
  generation_.fetch_add(1, std::memory_order_release);
}

} // namespace telegen::detail
