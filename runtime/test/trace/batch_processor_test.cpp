// The batch processor: batching by size and by delay, flush and shutdown
// that drain, and drops counted while the caller never waits.
#include "telegen/exposition.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "support/telemetry_fixture.hpp"

#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr detail::SpanSite site{"work", SpanKind::internal, "work", "src/work.cpp", 1};

// Blocks every export until released or cancelled.
class BlockingExporter : public SpanExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>& spans) override {
    std::unique_lock<std::mutex> lock(mutex_);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_ || cancelled_; });
    if (cancelled_)
      return false;
    exported_ += spans.size();
    return true;
  }
  void cancel() noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    changed_.notify_all();
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }
  void wait_entered() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return entered_; });
  }
  bool cancelled() {
    std::lock_guard<std::mutex> lock(mutex_);
    return cancelled_;
  }
  std::size_t exported() {
    std::lock_guard<std::mutex> lock(mutex_);
    return exported_;
  }

private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool entered_ = false, released_ = false, cancelled_ = false;
  std::size_t exported_ = 0;
};

class FailingExporter : public SpanExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>&) override { return false; }
};

// These tests record one site in tight loops to exercise the processor:
// its per-site rate limit (site_limiter_test.cpp) stays off.
class BatchProcessorTest : public test::TelemetryTest {
protected:
  BatchProcessorTest() { config_.traces.sampling.site_rate_limit = 0; }
};

TEST_F(BatchProcessorTest, ExportsFullBatchesWithoutWaitingForTheDelay) {
  config_.traces.batch.schedule_delay = std::chrono::hours(1);
  config_.traces.batch.max_export_batch_size = 10;
  start();
  for (int i = 0; i < 25; ++i)
    SpanGuard span(site);
  ASSERT_TRUE(exporter_->wait_for(20, 5s));
  std::this_thread::sleep_for(300ms); // a third batch would have come by now
  EXPECT_EQ(exporter_->batch_sizes(), (std::vector<std::size_t>{10, 10}));
  EXPECT_EQ(flushed_spans().size(), 25u);
  EXPECT_EQ(exporter_->batch_sizes(), (std::vector<std::size_t>{10, 10, 5}));
}

TEST_F(BatchProcessorTest, ExportsAPartialBatchAfterTheDelay) {
  config_.traces.batch.schedule_delay = 100ms;
  start();
  const auto begin = Clock::now();
  for (int i = 0; i < 3; ++i)
    SpanGuard span(site);
  ASSERT_TRUE(exporter_->wait_for(3, 5s));
  EXPECT_GE(Clock::now() - begin, 50ms) << "it waited for the delay";
  EXPECT_EQ(exporter_->batch_sizes(), (std::vector<std::size_t>{3}));
}

TEST_F(BatchProcessorTest, ShutdownExportsEverythingBeforeReturning) {
  config_.traces.batch.schedule_delay = std::chrono::hours(1);
  start();
  for (int i = 0; i < 1000; ++i)
    SpanGuard span(site);
  telegen::shutdown(10s);
  EXPECT_EQ(exporter_->spans().size(), 1000u);
}

TEST_F(BatchProcessorTest, SpansFromManyThreadsAreAllExported) {
  start();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([] {
      for (int i = 0; i < 500; ++i)
        SpanGuard span(site);
    });
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(flushed_spans().size(), 4000u);
}

TEST_F(BatchProcessorTest, AStuckExporterNeverBlocksTheCallerAndDropsAreCounted) {
  auto blocking = std::make_shared<BlockingExporter>();
  config_.traces.exporter = blocking;
  config_.traces.batch.max_queue_size = 64;
  config_.traces.batch.max_export_batch_size = 64;
  telegen::start(config_);
  const std::uint64_t dropped_before = detail::spans_dropped.value();
  { SpanGuard first(site); }
  telegen::force_flush(50ms); // hands it to the exporter, which blocks
  blocking->wait_entered();

  const int n = 20000;
  auto slowest = Clock::duration::zero();
  for (int i = 0; i < n; ++i) {
    const auto begin = Clock::now();
    { SpanGuard span(site); }
    slowest = std::max(slowest, Clock::now() - begin);
  }
  const std::uint64_t dropped = detail::spans_dropped.value() - dropped_before;
  EXPECT_GT(dropped, 0u);
  // A blocked caller would wait forever; 200 ms leaves room for a loaded
  // machine descheduling the test.
  EXPECT_LT(slowest, 200ms) << "the caller never waits for the exporter";

  blocking->release();
  telegen::shutdown(10s);
  EXPECT_EQ(blocking->exported() + dropped, static_cast<std::uint64_t>(n + 1))
      << "every span is either exported or counted as dropped";
}

TEST_F(BatchProcessorTest, DropsAreListedByTheMetricsExposition) {
  start();
  for (int i = 0; i < 3; ++i)
    SpanGuard span(site);
  ASSERT_TRUE(telegen::force_flush(5s));
  const std::string text = metrics_text();
  for (const char* name : {"telegen_spans_dropped_total", "telegen_spans_export_failed_total",
                           "telegen_spans_exported_total", "telegen_span_data_dropped_total",
                           "telegen_traces_held_evicted_total", "telegen_log_records_dropped_total",
                           "telegen_log_write_failures_total"})
    EXPECT_NE(text.find(std::string("\n") + name + " "), std::string::npos) << name << "\n" << text;
  const std::string exported =
      "\ntelegen_spans_exported_total " + std::to_string(detail::spans_exported.value());
  EXPECT_NE(text.find(exported), std::string::npos) << text;
}

TEST_F(BatchProcessorTest, ShutdownCancelsAStuckExporterAtItsDeadline) {
  auto blocking = std::make_shared<BlockingExporter>();
  config_.traces.exporter = blocking;
  telegen::start(config_);
  const std::uint64_t failed_before = detail::spans_export_failed.value();
  for (int i = 0; i < 10; ++i)
    SpanGuard span(site);
  const auto begin = Clock::now();
  telegen::shutdown(200ms);
  EXPECT_LT(Clock::now() - begin, 2s);
  EXPECT_TRUE(blocking->cancelled());
  EXPECT_EQ(detail::spans_export_failed.value() - failed_before, 10u);
}

TEST_F(BatchProcessorTest, FailedExportsAreCounted) {
  config_.traces.exporter = std::make_shared<FailingExporter>();
  telegen::start(config_);
  const std::uint64_t failed_before = detail::spans_export_failed.value();
  const std::uint64_t exported_before = detail::spans_exported.value();
  for (int i = 0; i < 7; ++i)
    SpanGuard span(site);
  EXPECT_TRUE(telegen::force_flush(5s));
  EXPECT_EQ(detail::spans_export_failed.value() - failed_before, 7u);
  EXPECT_EQ(detail::spans_exported.value() - exported_before, 0u);
}

TEST_F(BatchProcessorTest, NothingIsRecordedAfterShutdown) {
  start();
  telegen::shutdown();
  SpanGuard span(site);
  EXPECT_FALSE(span.is_recording());
}

TEST_F(BatchProcessorTest, TheResourceNamesTheService) {
  config_.resource_attributes = {{"deployment.environment", "test"}, {"service.name", "ignored"}};
  start();
  { SpanGuard span(site); }
  flushed_spans();
  const Resource resource = exporter_->resource();
  ASSERT_GE(resource.attributes.size(), 2u);
  EXPECT_EQ(resource.attributes[0],
            (std::pair<std::string, std::string>{"service.name", "telegen-test"}));
  EXPECT_EQ(resource.attributes[1],
            (std::pair<std::string, std::string>{"deployment.environment", "test"}));
  bool sdk = false;
  for (const auto& [k, v] : resource.attributes)
    sdk |= k == "telemetry.sdk.name" && v == "telegen";
  EXPECT_TRUE(sdk);
}

} // namespace
} // namespace telegen
