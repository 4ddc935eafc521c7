// Where the callables bind_context makes live when a task type keeps them on
// the heap (telegen/detail/task_memory.hpp): std::function puts them in its
// blocks, every size and alignment of callable works, and tasks made, run
// and destroyed on many threads at once see their own context and data
// (task_memory_reuse_test.cpp shows the blocks coming back). Part of
// the runtime tests, and of telegen_tsan_tests, where a block handed between
// threads without ordering is reported as a race.
#include "telegen/context.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

struct Nothing {
  void operator()() const {}
};

TEST(TaskMemoryTest, TheCallableOfATaskCapturingNothingFillsOneCacheLine) {
  std::vector<std::function<void()>> tasks;
  for (int i = 0; i < 100; ++i)
    tasks.emplace_back(bind_context(Nothing{}));
  for (const std::function<void()>& task : tasks) {
    const auto* place = task.target<ContextBound<Nothing>>();
    ASSERT_NE(place, nullptr);
    EXPECT_LE(sizeof(*place), 64u);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(place) % 64, 0u);
  }
}

// A task carrying `Size` bytes of data, aligned to `Align`.
template <std::size_t Size, std::size_t Align> struct alignas(Align) Carrying {
  std::array<unsigned char, Size> data;
  std::string* seen;
  void operator()() const {
    std::string text = Context::current().request().request_id + ":";
    for (unsigned char byte : data)
      text += static_cast<char>('a' + byte);
    *seen = text;
  }
};

template <std::size_t Size, std::size_t Align> void hop_with(std::string* seen) {
  Carrying<Size, Align> callable{};
  for (std::size_t i = 0; i < Size; ++i)
    callable.data[i] = static_cast<unsigned char>(i % 26);
  callable.seen = seen;
  std::function<void()> task;
  {
    const Scope scope(Context().with_request({"req-" + std::to_string(Size), Frontend::api, ""}));
    task = bind_context(callable);
  }
  const auto* place = task.target<ContextBound<Carrying<Size, Align>>>();
  ASSERT_NE(place, nullptr);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(place) % Align, 0u) << Size << " bytes";
  std::thread([&task] {
    task();
    task = nullptr;
  }).join();
  std::string expected = "req-" + std::to_string(Size) + ":";
  for (std::size_t i = 0; i < Size; ++i)
    expected += static_cast<char>('a' + i % 26);
  EXPECT_EQ(*seen, expected);
}

TEST(TaskMemoryTest, CallablesOfEverySizeAndAlignmentHopIntact) {
  std::string seen;
  hop_with<1, 8>(&seen);    // the smallest block
  hop_with<60, 8>(&seen);   // a block of two lines
  hop_with<150, 16>(&seen); // of four
  hop_with<1000, 8>(&seen); // larger than any block: operator new
  hop_with<16, 64>(&seen);  // aligned to a line
  hop_with<16, 128>(&seen); // more than a block is: operator new
  hop_with<200, 256>(&seen);
}

// A task checking the context it runs under, with `Size` bytes of data.
template <std::size_t Size> struct Checking {
  std::array<unsigned char, Size> data;
  std::string request_id;
  std::atomic<int>* checked;
  std::atomic<int>* wrong;
  void operator()() const {
    ++*checked;
    if (Context::current().request().request_id != request_id)
      ++*wrong;
  }
};

TEST(TaskMemoryTest, ManyThreadsMakeRunAndDestroyTasks) {
  constexpr int thread_count = 4;
  constexpr int tasks_per_thread = 3000;
  std::mutex mutex;
  std::deque<std::function<void()>> queue; // tasks in flight between threads
  std::atomic<int> checked{0};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t)
    threads.emplace_back([&, t] {
      const std::string request_id = "req-" + std::to_string(t);
      const Scope scope(Context().with_request({request_id, Frontend::api, ""}));
      for (int i = 0; i < tasks_per_thread; ++i) {
        // Tasks of each block size and beyond; half of them are destroyed
        // without a call.
        std::function<void()> mine;
        switch (i % 4) {
        case 0:
          mine = bind_context(Nothing{});
          break;
        case 1:
          mine = bind_context(Checking<8>{{}, request_id, &checked, &wrong});
          break;
        case 2:
          mine = bind_context(Checking<120>{{}, request_id, &checked, &wrong});
          break;
        default:
          mine = bind_context(Checking<400>{{}, request_id, &checked, &wrong});
          break;
        }
        std::function<void()> theirs;
        {
          const std::lock_guard<std::mutex> lock(mutex);
          queue.push_back(std::move(mine));
          if (queue.size() > 16) {
            theirs = std::move(queue.front());
            queue.pop_front();
          }
        }
        if (theirs && i % 2 == 0)
          theirs();
      }
    });
  for (std::thread& thread : threads)
    thread.join();
  queue.clear();
  EXPECT_GT(checked.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
}

} // namespace
} // namespace telegen
