// A pool's tasks, made on one thread and destroyed on another, allocate
// nothing from operator new once the pool has run a while: the callables
// bind_context makes live in blocks the destroying thread hands back
// (telegen/detail/task_memory.hpp). And a child forked while another thread
// hands blocks around finds them free. This binary replaces operator new to
// count the calls each thread makes, and forks, so it is a test executable
// of its own, never built with ThreadSanitizer.
#include "telegen/context.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace {
thread_local std::size_t news_on_this_thread = 0;
} // namespace

void* operator new(std::size_t size) {
  ++news_on_this_thread;
  if (void* block = std::malloc(size == 0 ? 1 : size))
    return block;
  throw std::bad_alloc();
}

void* operator new(std::size_t size, std::align_val_t alignment) {
  ++news_on_this_thread;
  const auto align = static_cast<std::size_t>(alignment);
  if (void* block = std::aligned_alloc(align, (size + align - 1) / align * align))
    return block;
  throw std::bad_alloc();
}

// The default operator delete, plain and aligned, calls std::free.

namespace telegen {
namespace {

struct Nothing {
  void operator()() const {}
};

constexpr std::size_t task_count = 500;

// Makes `task_count` tasks as a pool receives them and hands them to
// `destroy`; returns how many times this thread called operator new while
// it made them.
template <class Destroy> std::size_t one_round(Destroy&& destroy) {
  std::vector<std::function<void()>> tasks;
  tasks.reserve(task_count);
  const std::size_t before = news_on_this_thread;
  for (std::size_t i = 0; i < task_count; ++i)
    tasks.emplace_back(bind_context(Nothing{}));
  const std::size_t news = news_on_this_thread - before;
  destroy(tasks);
  return news;
}

// A round whose tasks a thread of their own destroys, or this one.
std::size_t one_round(bool on_a_worker) {
  return one_round([on_a_worker](std::vector<std::function<void()>>& tasks) {
    if (on_a_worker)
      std::thread([&tasks] { tasks.clear(); }).join();
  });
}

TEST(TaskMemoryReuseTest, TasksDestroyedOnAWorkerLeaveTheirMemoryToTheThreadMakingThem) {
  EXPECT_GE(one_round(true), task_count) << "the first tasks take new blocks";
  EXPECT_EQ(one_round(true), 0u);
  EXPECT_EQ(one_round(true), 0u);
}

// A pool's worker lives on: the blocks come back while it runs, a batch at
// a time through the depot, not when it exits. It keeps at most two
// batches, so from the third round on the tasks' 500 blocks are all back.
TEST(TaskMemoryReuseTest, ALongLivedWorkerHandsBlocksBackWhileItRuns) {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::function<void()>>* to_destroy = nullptr;
  bool stopping = false;
  std::thread worker([&] {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return to_destroy != nullptr || stopping; });
      if (to_destroy == nullptr)
        return;
      to_destroy->clear();
      to_destroy = nullptr;
      changed.notify_all();
    }
  });
  const auto round = [&] {
    return one_round([&](std::vector<std::function<void()>>& tasks) {
      std::unique_lock<std::mutex> lock(mutex);
      to_destroy = &tasks;
      changed.notify_all();
      changed.wait(lock, [&] { return to_destroy == nullptr; });
    });
  };
  (void)round(); // new blocks, or those an earlier test left in the depot
  (void)round();
  EXPECT_EQ(round(), 0u);
  EXPECT_EQ(round(), 0u);
  {
    const std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  changed.notify_all();
  worker.join();
}

TEST(TaskMemoryReuseTest, TasksDestroyedOnTheirOwnThreadReuseTheirMemory) {
  (void)one_round(false);
  EXPECT_EQ(one_round(false), 0u);
}

// Makes `task_count` tasks and destroys them on this thread, which takes
// blocks from the depot and hands them back.
void churn() {
  std::vector<std::function<void()>> tasks;
  tasks.reserve(task_count);
  for (std::size_t i = 0; i < task_count; ++i)
    tasks.emplace_back(bind_context(Nothing{}));
}

TEST(TaskMemoryReuseTest, AChildForkedWhileAnotherThreadHandsBlocksAroundCanMakeTasks) {
  std::atomic<bool> stopping{false};
  std::thread churning([&] {
    while (!stopping.load())
      churn();
  });
  int finished = 0;
  for (int child = 0; child < 20; ++child) {
    const pid_t pid = fork();
    ASSERT_NE(pid, -1);
    if (pid == 0) {
      alarm(60); // a child blocked on a lock held by a thread it lacks dies
      churn();
      _exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    finished += WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 1 : 0;
  }
  stopping.store(true);
  churning.join();
  EXPECT_EQ(finished, 20);
}

} // namespace
} // namespace telegen
