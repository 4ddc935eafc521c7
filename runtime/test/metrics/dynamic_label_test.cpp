#include "telegen/detail/dynamic_label.hpp"

#include "support/constinit.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace telegen::detail {
namespace {

TEST(DynamicLabel, ValuesGetPositionsInOrderOfFirstUse) {
  static TELEGEN_TEST_CONSTINIT DynamicLabelTable<4> label;
  EXPECT_EQ(label.position("eu-west"), 0u);
  EXPECT_EQ(label.position("us-east"), 1u);
  EXPECT_EQ(label.position("eu-west"), 0u);
  EXPECT_EQ(label.position(""), 2u) << "the empty string is a value like any other";
  EXPECT_EQ(label.size(), 3u);
  EXPECT_EQ(label.value_at(1), "us-east");
  EXPECT_EQ(label.overflowed(), 0u);
}

TEST(DynamicLabel, ValuesPastMaxValuesGoToTheOverflowPositionAndAreCounted) {
  static DynamicLabelTable<2> label;
  label.position("a");
  label.position("b");
  EXPECT_EQ(label.position("c"), 2u);
  EXPECT_EQ(label.position("d"), 2u);
  EXPECT_EQ(label.position("c"), 2u) << "an overflowed value never gets a position later";
  EXPECT_EQ(label.position("a"), 0u) << "known values keep theirs";
  EXPECT_EQ(label.size(), 2u);
  EXPECT_EQ(label.overflowed(), 3u);
}

TEST(DynamicLabel, TheOverflowValueItselfJoinsTheOverflowSeries) {
  static DynamicLabelTable<3> label;
  EXPECT_EQ(label.position(DynamicLabel::overflow_value), 3u);
  EXPECT_EQ(label.size(), 0u);
  EXPECT_EQ(label.overflowed(), 1u);
}

TEST(DynamicLabel, InvalidUtf8IsStoredWithReplacementCharacters) {
  static DynamicLabelTable<3> label;
  const std::string invalid = "caf\xC3";
  const std::size_t position = label.position(invalid);
  EXPECT_EQ(position, 0u);
  EXPECT_EQ(label.value_at(0), "caf\xEF\xBF\xBD");
  EXPECT_EQ(label.position(invalid), position);
  EXPECT_EQ(label.position("caf\xEF\xBF\xBD"), position) << "same exposed value, same series";
  EXPECT_EQ(label.size(), 1u);
}

TEST(DynamicLabel, ValuesPastTheSlotsInlineTextAreComparedWhole) {
  static DynamicLabelTable<4> label;
  const std::string shared_start = "0123456789abcdef"; // as long as a slot's inline text
  EXPECT_EQ(label.position(shared_start), 0u);
  EXPECT_EQ(label.position(shared_start + "-one"), 1u);
  EXPECT_EQ(label.position(shared_start + "-two"), 2u);
  EXPECT_EQ(label.position(shared_start + "-one"), 1u);
  EXPECT_EQ(label.position(shared_start), 0u);
  EXPECT_EQ(label.value_at(2), shared_start + "-two");
}

TEST(DynamicLabel, ValuesThatDifferOnlyInTrailingZeroBytesAreDifferentValues) {
  // A slot keeps a short value zero-padded: the size tells these apart.
  static DynamicLabelTable<4> label;
  const std::string one_zero("ab\0", 3);
  const std::string sixteen("ab\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
  EXPECT_EQ(label.position("ab"), 0u);
  EXPECT_EQ(label.position(one_zero), 1u);
  EXPECT_EQ(label.position(sixteen), 2u);
  EXPECT_EQ(label.position("ab"), 0u);
  EXPECT_EQ(label.position(one_zero), 1u);
  EXPECT_EQ(label.value_at(2), sixteen);
}

// A slot keeps 23 bits of its value's hash beside the size; two values of
// one size may share them. The test finds such a pair that also starts its
// probe at the same slot of an 8-slot table, so the second value's probe
// meets the first's slot with a matching tag: the text tells them apart.
TEST(DynamicLabel, ValuesWhoseSlotsShareATagAreToldApartByTheirText) {
  static DynamicLabelTable<4> label; // 8 slots: a probe starts at the hash's top 3 bits
  static_assert(dynamic_label_capacity(4) == 8);
  std::unordered_map<std::uint64_t, std::string> seen; // first slot and tag (with the size)
  std::string first, second;
  for (std::uint64_t i = 0; second.empty(); ++i) {
    ASSERT_LT(i, 1u << 20) << "no two values share a tag and a first slot";
    std::string value = "v" + std::to_string(i);
    const LabelKey key(value);
    const auto [at, added] = seen.try_emplace((key.hash >> 61) << 32 | key.tag(), value);
    if (!added) {
      first = at->second;
      second = value;
    }
  }
  EXPECT_EQ(LabelKey(first).tag(), LabelKey(second).tag());
  EXPECT_EQ(label.position(first), 0u);
  EXPECT_EQ(label.position(second), 1u);
  EXPECT_EQ(label.position(first), 0u);
  EXPECT_EQ(label.position(second), 1u);
  EXPECT_EQ(label.value_at(1), second);
}

// Tables filled to their cap (at most half their slots): values collide
// and probe on, from the last slot to the first; every value is found at
// the position it was given, of every length up to the inline text and
// past it.
template <std::size_t MaxValues> void expect_a_full_table_finds_every_value() {
  static DynamicLabelTable<MaxValues> label;
  std::vector<std::string> values;
  for (std::size_t i = 0; i < MaxValues; ++i)
    values.push_back(std::string(i % 20, 'x') + std::to_string(i));
  for (std::size_t i = 0; i < MaxValues; ++i)
    ASSERT_EQ(label.position(values[i]), i) << values[i];
  for (std::size_t i = MaxValues; i-- > 0;)
    EXPECT_EQ(label.position(values[i]), i) << values[i];
  EXPECT_EQ(label.position("not-there"), MaxValues);
  EXPECT_EQ(label.size(), MaxValues);
}

TEST(DynamicLabel, AFullTableFindsEveryValue) {
  expect_a_full_table_finds_every_value<1>();
  expect_a_full_table_finds_every_value<3>();
  expect_a_full_table_finds_every_value<1000>();
}

// Four threads give 100 values to a table of 64 (also run under
// ThreadSanitizer, telegen_tsan_tests): they agree on every position, and
// the 36 values past the cap overflow on every call.
void expect_threads_agree_while_the_table_fills(DynamicLabel& label, const std::string& prefix) {
  constexpr int kThreads = 4;
  constexpr int kValues = 100;
  std::vector<std::vector<std::size_t>> seen(kThreads, std::vector<std::size_t>(kValues));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int v = 0; v < kValues; ++v) {
        const int value = (v * 7 + t * 13) % kValues; // each thread in its own order
        seen[t][value] = label.position(prefix + std::to_string(value));
      }
    });
  for (auto& thread : threads)
    thread.join();

  EXPECT_EQ(label.size(), 64u);
  std::uint64_t overflowed = 0;
  for (int v = 0; v < kValues; ++v) {
    const std::size_t position = seen[0][v];
    for (int t = 1; t < kThreads; ++t)
      EXPECT_EQ(seen[t][v], position) << "value " << v;
    if (position == 64)
      overflowed += kThreads;
    else
      EXPECT_EQ(label.value_at(position), prefix + std::to_string(v));
  }
  EXPECT_EQ(overflowed, 4u * 36u);
  EXPECT_EQ(label.overflowed(), overflowed);
}

// A scrape reads the values (size(), value_at()) while threads add them.
TEST(DynamicLabel, AReaderSeesEveryValueAddedSoFarWhileTheTableFills) {
  static DynamicLabelTable<64> label;
  std::atomic<bool> filled{false};
  std::size_t seen = 0;
  std::thread reader([&] {
    for (bool last = false; !last;) {
      last = filled.load();
      const std::size_t size = label.size();
      for (std::size_t i = seen; i < size; ++i)
        EXPECT_EQ(label.value_at(i).substr(0, 7), "tenant-") << i;
      seen = size;
    }
  });
  expect_threads_agree_while_the_table_fills(label, "tenant-");
  filled.store(true);
  reader.join();
  EXPECT_EQ(seen, 64u);
}

// The race that matters is narrow (a value missing from a thread's probe
// and added by another thread as the table's last value before this thread
// checks for a full table), so each test fills fresh tables many times.
constexpr int kRounds = 200;

TEST(DynamicLabel, ThreadsAgreeOnPositionsWhileTheTableFills) {
  for (int round = 0; round < kRounds && !HasFailure(); ++round) {
    auto label = std::make_unique<DynamicLabelTable<64>>();
    expect_threads_agree_while_the_table_fills(*label, "tenant-");
  }
}

TEST(DynamicLabel, ThreadsAgreeOnLongValuesWhileTheTableFills) {
  for (int round = 0; round < kRounds && !HasFailure(); ++round) {
    auto label = std::make_unique<DynamicLabelTable<64>>();
    expect_threads_agree_while_the_table_fills(*label, "a-tenant-with-a-long-name-");
  }
}

} // namespace
} // namespace telegen::detail
