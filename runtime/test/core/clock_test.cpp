#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace telegen::detail {
namespace {

std::int64_t realtime_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TEST(TickConverter, ConvertsTicksToTheWallClock) {
  TickConverter clock;
  const std::int64_t before = realtime_nanos();
  const std::uint64_t ticks = now_ticks();
  const std::int64_t after = realtime_nanos();
  clock.refresh();
  const auto converted = static_cast<std::int64_t>(clock.to_unix_nanos(ticks));
  EXPECT_GE(converted, before - 100000);
  EXPECT_LE(converted, after + 100000);
}

TEST(TickConverter, MeasuresDurations) {
  TickConverter clock;
  const auto steady_start = std::chrono::steady_clock::now();
  const std::uint64_t start = now_ticks();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::uint64_t end = now_ticks();
  const auto steady_end = std::chrono::steady_clock::now();
  clock.refresh();
  const auto steady =
      std::chrono::duration_cast<std::chrono::nanoseconds>(steady_end - steady_start).count();
  EXPECT_NEAR(static_cast<double>(clock.to_nanos(end - start)), static_cast<double>(steady), 500e3);
  EXPECT_NEAR(static_cast<double>(clock.to_unix_nanos(end) - clock.to_unix_nanos(start)),
              static_cast<double>(clock.to_nanos(end - start)), 1.0);
}

TEST(TickConverter, ConvertsOldTicksAfterARefresh) {
  TickConverter clock;
  const std::int64_t wall = realtime_nanos();
  const std::uint64_t ticks = now_ticks();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  clock.refresh();
  EXPECT_NEAR(static_cast<double>(clock.to_unix_nanos(ticks)), static_cast<double>(wall), 1e6);
}

} // namespace
} // namespace telegen::detail
