// Head sampling decisions for local roots.
#include "trace/sampler.hpp"

#include "context/random.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

namespace telegen::detail {
namespace {

SpanContext parent(bool sampled) {
  SpanContext c;
  c.trace_id = {1, 2};
  c.span_id = {3};
  c.flags = sampled ? trace_flags::sampled : 0;
  c.remote = true;
  return c;
}

// A sampler configured with `sampler` and `ratio` (not copyable: its
// state is atomic, so it lives in a unique_ptr).
std::unique_ptr<HeadSampler> configured(Sampler sampler, double ratio = 1.0) {
  auto s = std::make_unique<HeadSampler>();
  SamplingConfig config;
  config.sampler = sampler;
  config.ratio = ratio;
  s->configure(true, config);
  return s;
}

// The trace id whose random right-most 56 bits are `random`.
TraceId with_random_bits(std::uint64_t random) { return {0x1234, random}; }

TEST(HeadSampler, AlwaysOnAndOffIgnoreTheParent) {
  const auto on = configured(Sampler::always_on);
  const auto off = configured(Sampler::always_off);
  const SpanContext unsampled = parent(false), sampled = parent(true);
  EXPECT_TRUE(on->sample(nullptr, {1, 1}));
  EXPECT_TRUE(on->sample(&unsampled, {1, 1}));
  EXPECT_FALSE(off->sample(nullptr, {1, 1}));
  EXPECT_FALSE(off->sample(&sampled, {1, 1}));
}

TEST(HeadSampler, ParentBasedFollowsARemoteParentAndDecidesRoots) {
  const SpanContext unsampled = parent(false), sampled = parent(true);
  for (Sampler root : {Sampler::parent_based_always_on, Sampler::parent_based_always_off,
                       Sampler::parent_based_trace_id_ratio}) {
    const auto s = configured(root, 0.0);
    EXPECT_TRUE(s->sample(&sampled, {1, 1}));
    EXPECT_FALSE(s->sample(&unsampled, {1, 1}));
  }
  EXPECT_TRUE(configured(Sampler::parent_based_always_on)->sample(nullptr, {1, 1}));
  EXPECT_FALSE(configured(Sampler::parent_based_always_off)->sample(nullptr, {1, 1}));
}

TEST(HeadSampler, RatioComparesTheRandomRightmost56Bits) {
  const auto quarter = configured(Sampler::trace_id_ratio, 0.25);
  const std::uint64_t threshold = std::uint64_t{3} << 54; // (1 - 0.25) * 2^56
  EXPECT_EQ(HeadSampler::threshold_for(0.25), threshold);
  EXPECT_TRUE(quarter->sample(nullptr, with_random_bits(threshold)));
  EXPECT_FALSE(quarter->sample(nullptr, with_random_bits(threshold - 1)));
  // The left-most byte of the low half is not random: ignored.
  EXPECT_FALSE(quarter->sample(nullptr, with_random_bits(0xFF00000000000000u | (threshold - 1))));
  EXPECT_TRUE(configured(Sampler::trace_id_ratio, 1.0)->sample(nullptr, with_random_bits(0)));
  EXPECT_FALSE(configured(Sampler::trace_id_ratio, 0.0)
                   ->sample(nullptr, with_random_bits((1ull << 56) - 1)));
}

TEST(HeadSampler, RatioSamplesTheRequestedShareAndDecidesTheSameForATrace) {
  const auto tenth = configured(Sampler::parent_based_trace_id_ratio, 0.1);
  int sampled = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const TraceId id = new_trace_id();
    const bool decision = tenth->sample(nullptr, id);
    ASSERT_EQ(decision, tenth->sample(nullptr, id));
    sampled += decision;
  }
  EXPECT_NEAR(static_cast<double>(sampled) / n, 0.1, 0.005);
}

TEST(HeadSampler, DisabledSamplesNothing) {
  HeadSampler s;
  s.configure(false, SamplingConfig{});
  const SpanContext sampled = parent(true);
  EXPECT_FALSE(s.sample(nullptr, {1, 1}));
  EXPECT_FALSE(s.sample(&sampled, {1, 1}));
  EXPECT_FALSE(s.holds_unsampled());
}

TEST(HeadSampler, HoldsUnsampledRootsOnlyWithATailRule) {
  SamplingConfig config;
  HeadSampler s;
  s.configure(true, config);
  EXPECT_FALSE(s.holds_unsampled());
  config.keep_errors = true;
  s.configure(true, config);
  EXPECT_TRUE(s.holds_unsampled());
  config.keep_errors = false;
  config.keep_slow = std::chrono::milliseconds(100);
  s.configure(true, config);
  EXPECT_TRUE(s.holds_unsampled());
}

TEST(Ids, NewIdsAreNeverZeroAndDifferAcrossThreadsAndForks) {
  std::vector<std::uint64_t> a, b;
  std::thread ta([&] {
    for (int i = 0; i < 1000; ++i)
      a.push_back(new_span_id().value);
  });
  std::thread tb([&] {
    for (int i = 0; i < 1000; ++i)
      b.push_back(new_span_id().value);
  });
  ta.join();
  tb.join();
  for (std::uint64_t x : a) {
    EXPECT_NE(x, 0u);
    EXPECT_EQ(std::count(b.begin(), b.end(), x), 0);
  }
  // A forked child must not repeat its parent's next ids.
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    const std::uint64_t child = new_span_id().value;
    (void)!write(pipe_fds[1], &child, sizeof child);
    _exit(0);
  }
  const std::uint64_t parent_next = new_span_id().value;
  std::uint64_t child_next = 0;
  ASSERT_EQ(read(pipe_fds[0], &child_next, sizeof child_next),
            static_cast<ssize_t>(sizeof child_next));
  waitpid(pid, nullptr, 0);
  close(pipe_fds[0]);
  close(pipe_fds[1]);
  EXPECT_NE(child_next, parent_next);
}

} // namespace
} // namespace telegen::detail
