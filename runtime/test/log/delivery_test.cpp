// Delivery policies: a best-effort record is written or counted as dropped,
// a guaranteed one is written exactly once, waiting for room or (past the
// wait limit) written by its caller; and the default buffers take a burst
// of 100,000 records from 8 threads.
#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include "support/telemetry_fixture.hpp"

#include "core/pipeline.hpp"
#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

// Every thread's buffer this small (its first segment, about a hundred
// records), so that a tight loop fills it whatever the machine's load.
constexpr std::size_t small_buffer = 16 * 1024;

class DeliveryTest : public test::TelemetryTest {
protected:
  void start_with_small_buffers() {
    start();
    detail::log_queues().set_max_bytes(small_buffer);
  }

  // The `seq` of every record of event `event`, in file order.
  std::vector<int> sequence_numbers(std::string_view event) {
    std::vector<int> seqs;
    for (const test::Json& r : flushed_records())
      if (r["event"].str() == event)
        seqs.push_back(static_cast<int>(r["seq"].num()));
    return seqs;
  }
};

// Records logged from a fresh thread, whose queue is created at the small size.
template <class Body> void on_new_thread(Body body) { std::thread(body).join(); }

std::vector<int> zero_to(int n) {
  std::vector<int> all(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    all[static_cast<std::size_t>(i)] = i;
  return all;
}

constexpr int burst = 20000;

TEST_F(DeliveryTest, BestEffortRecordsAreWrittenOrCountedAsDroppedExactly) {
  start_with_small_buffers();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  on_new_thread([] {
    for (int i = 0; i < burst; ++i)
      log(Level::info, "load", "best_effort", {{"seq", i}});
  });
  const std::vector<int> written = sequence_numbers("best_effort");
  const std::uint64_t dropped_now = detail::log_records_dropped.value() - dropped;
  EXPECT_GT(dropped_now, 0u) << "a " << small_buffer << "-byte buffer cannot hold the burst";
  EXPECT_EQ(written.size() + dropped_now, static_cast<std::size_t>(burst));
  EXPECT_TRUE(std::is_sorted(written.begin(), written.end()));
  EXPECT_EQ(std::adjacent_find(written.begin(), written.end()), written.end()) << "no duplicate";
}

TEST_F(DeliveryTest, GuaranteedRecordsWaitForRoomAndAreAllWrittenOnce) {
  config_.logs.guaranteed_wait = std::chrono::seconds(10);
  start_with_small_buffers();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  const std::uint64_t waits = detail::log_guaranteed_waits.value();
  const std::uint64_t waited_us = detail::log_guaranteed_wait_micros.value();
  const std::uint64_t by_caller = detail::log_records_written_by_caller.value();
  on_new_thread([] {
    for (int i = 0; i < burst; ++i)
      log(Delivery::guaranteed, Level::info, "audit", "guaranteed", {{"seq", i}});
  });
  EXPECT_EQ(sequence_numbers("guaranteed"), zero_to(burst)) << "all, once, in order";
  EXPECT_EQ(detail::log_records_dropped.value(), dropped);
  EXPECT_GT(detail::log_guaranteed_waits.value(), waits) << "the buffer filled up";
  EXPECT_GT(detail::log_guaranteed_wait_micros.value(), waited_us);
  EXPECT_EQ(detail::log_records_written_by_caller.value(), by_caller)
      << "within 10 s the writer always made room";
}

TEST_F(DeliveryTest, PastTheWaitLimitTheCallerWritesTheRecordItself) {
  config_.logs.guaranteed_wait = std::chrono::milliseconds(0);
  start_with_small_buffers();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  const std::uint64_t by_caller = detail::log_records_written_by_caller.value();
  on_new_thread([] {
    for (int i = 0; i < burst; ++i)
      log(Delivery::guaranteed, Level::info, "audit", "guaranteed", {{"seq", i}});
  });
  std::vector<int> written = sequence_numbers("guaranteed");
  std::sort(written.begin(), written.end()); // the caller's own lines may come first
  EXPECT_EQ(written, zero_to(burst)) << "all, once";
  EXPECT_EQ(detail::log_records_dropped.value(), dropped);
  EXPECT_GT(detail::log_records_written_by_caller.value(), by_caller);
}

TEST_F(DeliveryTest, AGeneratedSiteDeclaredGuaranteedIsNeverDropped) {
  config_.logs.guaranteed_wait = std::chrono::milliseconds(0);
  start_with_small_buffers();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  on_new_thread([] {
    static constexpr std::string_view fields[] = {"seq"};
    static constexpr detail::EventSite site{
        Level::warning, "auth", "login_failed",      "handle", 7,
        "auth.cpp",     fields, Delivery::guaranteed};
    for (int i = 0; i < burst; ++i)
      detail::emit_log(site, {i});
  });
  std::vector<int> written = sequence_numbers("login_failed");
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, zero_to(burst));
  EXPECT_EQ(detail::log_records_dropped.value(), dropped);
}

TEST_F(DeliveryTest, AfterShutdownNobodyWaitsForAWriterThatIsGone) {
  config_.logs.guaranteed_wait = std::chrono::seconds(60);
  start_with_small_buffers();
  shutdown();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  const std::uint64_t waits = detail::log_guaranteed_waits.value();
  on_new_thread([] {
    for (int i = 0; i < burst; ++i)
      log(Delivery::guaranteed, Level::info, "audit", "guaranteed", {{"seq", i}});
  });
  EXPECT_GT(detail::log_records_dropped.value(), dropped) << "counted, with nowhere to go";
  EXPECT_EQ(detail::log_guaranteed_waits.value(), waits) << "60 s each otherwise";
}

TEST_F(DeliveryTest, TheDefaultBuffersTakeABurstOf100000RecordsFromEachOf8Threads) {
  config_.logs.max_file_bytes = std::uint64_t{1} << 30; // one file holds them all
  start();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  constexpr int threads = 8, per_thread = 100000;
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([t] {
      for (int i = 0; i < per_thread; ++i)
        log(Level::info, "orders", "order_placed",
            {{"order_id", i}, {"region", "eu-west"}, {"amount", 12.5 + t}});
    });
  for (std::thread& writer : writers)
    writer.join();
  EXPECT_EQ(detail::log_records_dropped.value(), dropped);
  const std::vector<std::string> lines = flushed_log_lines();
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& line) {
                            return line.find(R"("event":"order_placed")") != std::string::npos;
                          }),
            threads * per_thread);
}

} // namespace
} // namespace telegen
