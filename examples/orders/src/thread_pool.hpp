// A fixed pool of worker threads running submitted tasks in order.
//
// submit() is declared in the schema as a propagation boundary
// (`propagation: [{function: orders::ThreadPool::submit}]`): in files
// telegen instruments, every call site wraps the task so it runs in the
// submitter's trace and request context. The pool itself knows nothing of
// tracing; it reports its load through the executor gauges of the
// resilience schema.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace orders {

class ThreadPool {
public:
  // Starts `workers` threads; `name` is the pool_type label of its gauges.
  ThreadPool(std::string name, std::size_t workers);
  // Runs what is queued, then joins the workers.
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Queues `task`; returns false (and drops it) once the pool is stopping.
  bool submit(std::function<void()> task);

  // Tasks queued and not started.
  std::size_t pending() const;
  std::size_t workers() const noexcept { return max_workers_; }

private:
  void work();
  void report_locked() const; // the executor gauges; mutex_ held

  const std::string name_;
  const std::size_t max_workers_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::size_t active_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

} // namespace orders
