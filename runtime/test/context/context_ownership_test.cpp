// Who keeps a captured context's shared block alive: every copy of the
// context, wherever it went, and the reserve of references each thread
// keeps to the block it last captured or dropped (context/extras_ref.cpp). The block's
// lifetime is watched through a weak_ptr to what only the block holds (its
// RequestTiming): it must live while any copy does and be freed once none
// does and no thread keeps it in reserve; a count that drifts either way
// fails. Part of the runtime tests, and of telegen_tsan_tests (the runtime
// built with ThreadSanitizer), where a race on the count or a block freed
// while still read is reported too.
#include "context/context_access.hpp"
#include "telegen/context.hpp"
#include "telegen/detail/debug_mode.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

struct Watched {
  Context context;
  std::weak_ptr<detail::RequestTiming> alive; // expires with the block
};

// A request's context whose block holds a RequestTiming nothing else does.
Watched watched(const std::string& request_id) {
  auto extras = std::make_unique<detail::ContextExtras>();
  extras->request.request_id = request_id;
  auto timing = std::make_shared<detail::RequestTiming>();
  std::weak_ptr<detail::RequestTiming> alive = timing;
  extras->timing = std::move(timing);
  return {detail::ContextAccess::make({}, detail::Recording::none, std::move(extras)), alive};
}

// The same, in debug mode.
Watched watched_in_debug_mode(const std::string& request_id) {
  auto extras = std::make_unique<detail::ContextExtras>();
  extras->request.request_id = request_id;
  auto timing = std::make_shared<detail::RequestTiming>();
  std::weak_ptr<detail::RequestTiming> alive = timing;
  extras->timing = std::move(timing);
  extras->debug = std::make_shared<const detail::DebugMode>(
      "dbg_token", "dbg-1", detail::DebugScope::all, std::nullopt,
      std::chrono::system_clock::now() + std::chrono::hours(1));
  return {detail::ContextAccess::make({}, detail::Recording::none, std::move(extras)), alive};
}

// Captures another request's context on this thread, whose reserve then
// lets go of the block it held.
void capture_another() {
  const Watched other = watched("other");
  const Scope scope(other.context);
  (void)Context::current();
}

TEST(ContextOwnershipTest, ATaskOnAnotherThreadKeepsTheContextAfterItsScopeEnded) {
  Watched watched_context = watched("req-1");
  Context& context = watched_context.context;
  const std::weak_ptr<detail::RequestTiming>& alive = watched_context.alive;
  std::function<std::string()> task;
  {
    const Scope scope(context);
    task = bind_context([] { return Context::current().request().request_id; });
  }
  context = Context();
  capture_another();
  ASSERT_FALSE(alive.expired()) << "the task holds the only reference";

  std::string seen;
  std::thread worker([&] {
    seen = task();
    task = nullptr; // the last reference, dropped on the worker
  });
  worker.join();
  EXPECT_EQ(seen, "req-1");
  EXPECT_TRUE(alive.expired()) << "the worker's reserve is given back when it exits";
}

TEST(ContextOwnershipTest, AThreadKeepsTheContextItLastCapturedUntilItCapturesAnother) {
  Watched watched_context = watched("req-2");
  Context& context = watched_context.context;
  const std::weak_ptr<detail::RequestTiming>& alive = watched_context.alive;
  {
    const Scope scope(context);
    const Context captured = Context::current();
    EXPECT_EQ(captured.request().request_id, "req-2");
  }
  context = Context();
  EXPECT_FALSE(alive.expired()) << "in this thread's reserve";
  capture_another();
  EXPECT_TRUE(alive.expired());
}

TEST(ContextOwnershipTest, AThreadThatOnlyDropsKeepsTheContextItLastDropped) {
  Watched watched_context = watched("req-3");
  Context& context = watched_context.context;
  const std::weak_ptr<detail::RequestTiming>& alive = watched_context.alive;
  bool kept = false;
  bool freed = false;
  std::thread worker([&, copy = std::move(context)]() mutable {
    copy = Context(); // the last copy; this thread's reserve held nothing it captured
    kept = !alive.expired();
    capture_another();
    freed = alive.expired();
  });
  worker.join();
  EXPECT_TRUE(kept);
  EXPECT_TRUE(freed);
}

TEST(ContextOwnershipTest, AContextInDebugModeIsFreedWithItsLastCopy) {
  // While a debug mode lives, the process logs at DEBUG: no reserve may
  // keep one.
  Watched watched_context = watched_in_debug_mode("req-4");
  Context& context = watched_context.context;
  const std::weak_ptr<detail::RequestTiming>& alive = watched_context.alive;
  {
    const Scope scope(context);
    const Context captured = Context::current();
    EXPECT_EQ(captured.request().request_id, "req-4");
  }
  context = Context();
  EXPECT_TRUE(alive.expired());
}

TEST(ContextOwnershipTest, ManyThreadsCaptureAndDropOneContext) {
  Watched watched_context = watched("req-5");
  Context& context = watched_context.context;
  const std::weak_ptr<detail::RequestTiming>& alive = watched_context.alive;
  constexpr int thread_count = 8;
  constexpr int rounds = 2000;
  std::mutex mutex;
  std::deque<Context> handed; // copies in flight from one thread to another
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t)
    threads.emplace_back([&] {
      const Scope scope(context); // copied by every thread at once
      std::vector<Context> kept;
      for (int i = 0; i < rounds; ++i) {
        Context captured = Context::current();
        if (captured.request().request_id != "req-5")
          ++wrong;
        kept.push_back(captured);
        // Past twice the reserve's batch, dropped references go back to
        // the count.
        if (kept.size() == 300)
          kept.clear();
        std::optional<Context> theirs; // captured on another thread, dropped here
        {
          const std::lock_guard<std::mutex> lock(mutex);
          if (i % 2 == 0)
            handed.push_back(std::move(captured));
          if (!handed.empty() && i % 3 == 0) {
            theirs = std::move(handed.front());
            handed.pop_front();
          }
        }
      }
    });
  for (std::thread& thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_FALSE(handed.empty()) << "some copies outlive the threads that captured them";
  handed.clear();
  ASSERT_FALSE(alive.expired()) << "`context` still holds it";
  context = Context();
  capture_another(); // this thread may keep the last copy it dropped
  EXPECT_TRUE(alive.expired()) << "every thread gave its references back";
}

} // namespace
} // namespace telegen
