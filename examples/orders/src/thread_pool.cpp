#include "thread_pool.hpp"

#include "telemetry.telegen.hpp"

#include <utility>

namespace orders {

ThreadPool::ThreadPool(std::string name, std::size_t workers) : name_(std::move(name)), max_workers_(workers) {
  threads_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i)
    threads_.emplace_back([this] { work(); });
  std::lock_guard<std::mutex> lock(mutex_);
  report_locked();
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& thread : threads_)
    thread.join();
}

bool ThreadPool::submit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_)
      return false;
    queue_.push_back(std::move(task));
    report_locked();
  }
  ready_.notify_one();
  return true;
}

std::size_t ThreadPool::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return queue_.size();
}

void ThreadPool::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty())
      return; // stopping, and nothing left to run
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    ++active_;
    report_locked();
    lock.unlock();
    task();
    lock.lock();
    --active_;
    report_locked();
  }
}

void ThreadPool::report_locked() const {
  telemetry::resilience::executor_status(name_, active_, queue_.size(), max_workers_);
}

} // namespace orders
