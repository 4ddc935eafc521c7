// The flush and stop handshake between callers and a background thread
// (the span processor, the log writer).
#pragma once

#include "core/thread_queues.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace telegen::detail {

// Thread-safe.
class BackgroundControl {
public:
  struct Requests {
    std::uint64_t flush_target; // != completed flush: a flush is asked for
    bool flushing;
    bool stopping;
  };

  // Background thread: what callers have asked for so far.
  Requests poll() {
    std::lock_guard<std::mutex> lock(mutex_);
    return {flush_requested_, flush_requested_ != flush_completed_, stopping_};
  }
  // Background thread: everything before `target` is done.
  void flushed(std::uint64_t target) {
    std::lock_guard<std::mutex> lock(mutex_);
    flush_completed_ = target;
    done_.notify_all();
  }
  // Background thread: about to return.
  void stopped() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    flush_completed_ = flush_requested_;
    done_.notify_all();
  }

  // Any thread: asks for a flush and waits for it. False on timeout.
  bool flush(Waker& waker, std::chrono::nanoseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopped_)
      return true;
    const std::uint64_t target = ++flush_requested_;
    waker.wake();
    return done_.wait_for(lock, timeout, [&] { return flush_completed_ >= target || stopped_; });
  }
  // Any thread: asks the thread to stop (it drains first) and returns.
  void request_stop(Waker& waker) {
    std::lock_guard<std::mutex> lock(mutex_);
    ask_to_stop(waker);
  }
  // Any thread: asks the thread to stop and waits. False on timeout.
  bool stop(Waker& waker, std::chrono::nanoseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    ask_to_stop(waker);
    return done_.wait_for(lock, timeout, [&] { return stopped_; });
  }

  // Any thread: stops the background thread as stop() does; when it has
  // not stopped within `timeout`, calls give_up() (which must make it
  // return soon: cancel what it waits on). Then joins it.
  template <class GiveUp>
  void stop_and_join(Waker& waker, std::thread& thread, std::chrono::nanoseconds timeout,
                     GiveUp&& give_up) {
    if (!stop(waker, timeout))
      give_up();
    if (thread.joinable())
      thread.join();
  }

private:
  void ask_to_stop(Waker& waker) {
    if (!stopping_) {
      stopping_ = true;
      waker.wake();
    }
  }

  std::mutex mutex_;
  std::condition_variable done_;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_completed_ = 0;
  bool stopping_ = false;
  bool stopped_ = false;
};

} // namespace telegen::detail
