// The per-thread lock-free queue: order, growth, bounds, and no record
// lost or torn while a producer and a consumer run at once.
#include "core/byte_queue.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace telegen::detail {
namespace {

bool push(ByteQueue& q, std::string_view text) {
  std::byte* at = q.reserve(text.size());
  if (at == nullptr)
    return false;
  std::memcpy(at, text.data(), text.size());
  q.commit();
  return true;
}

std::vector<std::string> drain(ByteQueue& q) {
  std::vector<std::string> out;
  q.consume([&](const std::byte* data, std::size_t size) {
    out.emplace_back(reinterpret_cast<const char*>(data), size);
  });
  return out;
}

TEST(ByteQueue, DeliversRecordsInOrderAndOnlyOnce) {
  ByteQueue q(256, 4096);
  EXPECT_FALSE(q.has_records());
  push(q, "one");
  push(q, "");
  push(q, "three");
  EXPECT_TRUE(q.has_records());
  EXPECT_EQ(drain(q), (std::vector<std::string>{"one", "", "three"}));
  EXPECT_FALSE(q.has_records());
  EXPECT_TRUE(drain(q).empty());
}

TEST(ByteQueue, WrapsAroundTheRingWithoutSplittingARecord) {
  // One 128-byte ring that may not grow. Records take 16 to 32 bytes with
  // their header, so two always fit, whatever the ring skips at its end.
  ByteQueue q(128, 128);
  for (int round = 0; round < 100; ++round) {
    const std::string a(5 + round % 15, static_cast<char>('a' + round % 26));
    const std::string b(16, 'z');
    ASSERT_TRUE(push(q, a));
    ASSERT_TRUE(push(q, b));
    ASSERT_EQ(drain(q), (std::vector<std::string>{a, b})) << "round " << round;
  }
}

TEST(ByteQueue, GrowsUpToItsLimitThenRefuses) {
  ByteQueue q(128, 1024);
  int pushed = 0;
  while (push(q, std::string(40, 'x')))
    ++pushed;
  EXPECT_GT(pushed, 128 / 48) << "it grew beyond its first segment";
  EXPECT_LE(q.allocated_bytes(), 1024u);
  EXPECT_EQ(static_cast<int>(drain(q).size()), pushed);
  EXPECT_TRUE(push(q, "room again"));
  EXPECT_EQ(drain(q), (std::vector<std::string>{"room again"}));
  EXPECT_LE(q.allocated_bytes(), 512u) << "drained segments are freed";
}

// Segments of 128, 256 and 512 bytes fill the first time; drained, only
// the 512-byte one is left. It then links another 512-byte segment, so the
// queue holds its whole bound again, not half of it.
TEST(ByteQueue, AtItsBoundSegmentsTakeTurnsSoTheWholeBoundIsUsed) {
  ByteQueue q(128, 1024);
  while (push(q, std::string(40, 'x')))
    ;
  drain(q);
  EXPECT_EQ(q.allocated_bytes(), 512u);
  int pushed = 0;
  while (push(q, std::string(40, 'x')))
    ++pushed;
  EXPECT_EQ(q.allocated_bytes(), 1024u);
  EXPECT_EQ(pushed, 2 * (512 / 48)) << "two segments of 512 bytes, 48 bytes a record";
  EXPECT_EQ(static_cast<int>(drain(q).size()), pushed);
}

// How full the queue is counts against what it can hold now: its
// segments and, at the bound, one more of the current size.
TEST(ByteQueue, FullnessCountsTheSegmentItCanStillLink) {
  ByteQueue q(128, 1024);
  while (push(q, std::string(40, 'x')))
    ;
  // One 512-byte segment left, and room for another.
  drain(q);
  for (int i = 0; i < 10; ++i) // 480 of the 1024 bytes it can hold
    ASSERT_TRUE(push(q, std::string(40, 'x')));
  EXPECT_FALSE(q.fuller_than(4));
  for (int i = 0; i < 2; ++i) // 576 bytes: past half, in a second segment
    ASSERT_TRUE(push(q, std::string(40, 'x')));
  EXPECT_TRUE(q.fuller_than(4));
  EXPECT_FALSE(q.fuller_than(7));
  while (push(q, std::string(40, 'x')))
    ;
  EXPECT_TRUE(q.fuller_than(7));
}

TEST(ByteQueue, RefusesARecordLargerThanItsLimit) {
  ByteQueue q(128, 1024);
  EXPECT_EQ(q.reserve(2000), nullptr);
  EXPECT_TRUE(push(q, "still works"));
}

TEST(ByteQueue, ConsumeStopsAtTheRequestedCount) {
  ByteQueue q(256, 4096);
  for (const char* s : {"a", "b", "c"})
    push(q, s);
  std::vector<std::string> got;
  EXPECT_EQ(q.consume([&](const std::byte* d,
                          std::size_t n) { got.emplace_back(reinterpret_cast<const char*>(d), n); },
                      2),
            2u);
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(drain(q), (std::vector<std::string>{"c"}));
}

TEST(ByteQueue, CommitAsksForADrainOnceWhenHalfFull) {
  ByteQueue q(256, 256);
  int asks = 0;
  for (int i = 0; i < 6; ++i) {
    std::byte* at = q.reserve(24);
    ASSERT_NE(at, nullptr);
    asks += q.commit();
  }
  EXPECT_EQ(asks, 1);
  drain(q);
  for (int i = 0; i < 6; ++i) {
    q.reserve(24);
    asks += q.commit();
  }
  EXPECT_EQ(asks, 2) << "asks again after the consumer drained";
}

TEST(ByteQueue, AConcurrentProducerAndConsumerLoseAndTearNothing) {
  ByteQueue q(1024, 64 * 1024);
  constexpr std::uint32_t count = 300000;
  std::thread producer([&] {
    for (std::uint32_t seq = 0; seq < count;) {
      const std::size_t size = 8 + seq % 57;
      std::byte* at = q.reserve(size);
      if (at == nullptr) {
        std::this_thread::yield();
        continue;
      }
      std::memcpy(at, &seq, 4);
      std::memset(at + 4, static_cast<int>(seq & 0xFF), size - 4);
      q.commit();
      ++seq;
    }
  });
  std::uint32_t expected = 0;
  bool torn = false;
  while (expected < count && !torn) {
    q.consume([&](const std::byte* data, std::size_t size) {
      std::uint32_t seq;
      std::memcpy(&seq, data, 4);
      torn |= seq != expected || size != 8 + seq % 57;
      for (std::size_t i = 4; i < size; ++i)
        torn |= data[i] != static_cast<std::byte>(seq & 0xFF);
      ++expected;
    });
  }
  producer.join();
  EXPECT_FALSE(torn);
  EXPECT_EQ(expected, count);
}

} // namespace
} // namespace telegen::detail
