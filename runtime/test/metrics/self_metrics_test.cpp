#include "telegen/detail/self_metrics.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace telegen::detail {
namespace {

SelfCounter test_counter{"telegen_test_events_total", "Events counted by the self-metrics test."};

const SelfCounter* find(std::string_view name) {
  for (const SelfCounter* c = first_self_counter(); c != nullptr; c = c->next())
    if (c->name() == name)
      return c;
  return nullptr;
}

TEST(SelfCounter, IsListedWithItsNameAndHelp) {
  const SelfCounter* found = find("telegen_test_events_total");
  ASSERT_EQ(found, &test_counter);
  EXPECT_EQ(found->help(), "Events counted by the self-metrics test.");
}

TEST(SelfCounter, CountsExactlyAcrossThreads) {
  const std::uint64_t before = test_counter.value();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 10000; ++i)
        test_counter.add();
    });
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(test_counter.value() - before, 40000u);
}

TEST(SelfCounter, FunctionLocalCountersJoinTheList) {
  static SelfCounter late{"telegen_test_late_total", "Constructed on first use."};
  late.add(3);
  const SelfCounter* found = find("telegen_test_late_total");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->value(), 3u);
}

} // namespace
} // namespace telegen::detail
