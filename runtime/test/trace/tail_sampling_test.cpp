// Keep-errors and keep-slow: held local traces decided when their root
// ends, with bounded memory.
#include "telegen/context.hpp"
#include "telegen/span.hpp"

#include "support/telemetry_fixture.hpp"

#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace telegen {
namespace {

constexpr detail::SpanSite root_site{"root", SpanKind::server, "root", "src/a.cpp", 1};
constexpr detail::SpanSite child_site{"child", SpanKind::internal, "child", "src/a.cpp", 2};

class TailSamplingTest : public test::TelemetryTest {
protected:
  void start_with(bool keep_errors, std::chrono::milliseconds keep_slow, double ratio = 0.0) {
    config_.traces.sampling.sampler = Sampler::parent_based_trace_id_ratio;
    config_.traces.sampling.ratio = ratio;
    config_.traces.sampling.keep_errors = keep_errors;
    config_.traces.sampling.keep_slow = keep_slow;
    start();
  }
};

TEST_F(TailSamplingTest, AnErrorAnywhereKeepsTheWholeLocalTrace) {
  start_with(true, {});
  TraceId kept;
  {
    SpanGuard root(root_site);
    kept = root.context().trace_id;
    EXPECT_TRUE(root.is_recording()) << "held until the root ends";
    EXPECT_FALSE(root.context().sampled()) << "downstream sees the head decision";
    { SpanGuard ok(child_site); }
    {
      SpanGuard failing(child_site);
      failing.set_error("boom");
    }
  }
  {
    SpanGuard root(root_site);
    SpanGuard child(child_site);
  }
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 3u);
  for (const SpanData& s : spans)
    EXPECT_EQ(s.trace_id, kept);
}

TEST_F(TailSamplingTest, ChildrenOnOtherThreadsCountForTheDecision) {
  start_with(true, {});
  {
    SpanGuard root(root_site);
    std::async(std::launch::async, bind_context([] {
                 SpanGuard child(child_site);
                 child.set_error("failed on a worker");
               }))
        .get();
  }
  EXPECT_EQ(flushed_spans().size(), 2u);
}

TEST_F(TailSamplingTest, ASlowRootKeepsItsTrace) {
  start_with(false, std::chrono::milliseconds(30));
  {
    SpanGuard root(root_site);
    SpanGuard child(child_site);
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
  }
  { SpanGuard fast(root_site); }
  const auto spans = flushed_spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].trace_id, spans[1].trace_id);
}

TEST_F(TailSamplingTest, ErrorsDoNotKeepTracesWithoutKeepErrors) {
  start_with(false, std::chrono::milliseconds(10000));
  {
    SpanGuard root(root_site);
    root.set_error("boom");
  }
  EXPECT_TRUE(flushed_spans().empty());
}

TEST_F(TailSamplingTest, SpansEndingAfterTheirRootFollowItsDecision) {
  start_with(true, {});
  std::promise<void> root_ended;
  std::thread late;
  {
    SpanGuard root(root_site);
    root.set_error("keep me");
    late = std::thread(bind_context([&] {
      root_ended.get_future().wait();
      telegen::force_flush(std::chrono::seconds(5)); // the root is decided by now
      SpanGuard child(child_site);
    }));
  }
  root_ended.set_value();
  late.join();
  EXPECT_EQ(flushed_spans().size(), 2u);
}

TEST_F(TailSamplingTest, HeadSampledTracesAreNotHeld) {
  start_with(true, {}, 1.0);
  SpanGuard root(root_site);
  { SpanGuard child(child_site); }
  EXPECT_EQ(flushed_spans().size(), 1u) << "the child is exported while its root still runs";
}

TEST_F(TailSamplingTest, HeldSpansAreBounded) {
  config_.traces.sampling.max_held_spans = 50;
  start_with(true, {});
  const std::uint64_t evicted_before = detail::traces_held_evicted.value();
  {
    SpanGuard long_running(root_site);
    for (int i = 0; i < 60; ++i) {
      SpanGuard child(child_site);
    }
    ASSERT_TRUE(telegen::force_flush(std::chrono::seconds(5)));
    EXPECT_EQ(detail::traces_held_evicted.value() - evicted_before, 1u)
        << "the trace past the limit is decided early";
    { SpanGuard after(child_site); } // follows the early decision: dropped
  }
  EXPECT_TRUE(flushed_spans().empty()) << "no error: decided early to drop, and so are later spans";
}

TEST_F(TailSamplingTest, ShutdownDecidesHeldTracesOnWhatIsKnown) {
  start_with(true, {});
  std::promise<void> recorded, release;
  std::thread worker([&] {
    SpanGuard root(root_site);
    {
      SpanGuard child(child_site);
      child.set_error("boom");
    }
    recorded.set_value();
    release.get_future().wait();
  });
  recorded.get_future().wait();
  telegen::shutdown(std::chrono::seconds(5));
  EXPECT_EQ(exporter_->spans().size(), 1u) << "the child's error keeps what is held";
  release.set_value();
  worker.join();
}

} // namespace
} // namespace telegen
