// 8 threads × 1,000,000 records, every other one guaranteed, through a log
// file rotated every 32 MiB: every guaranteed record is in the files exactly
// once, no line is torn, and the best-effort records written plus those
// counted as dropped are exactly those sent. A process of its own (the
// `slow` label): it writes about 1.5 GB.
#include "telegen/config.hpp"
#include "telegen/log.hpp"
#include "telegen/telemetry.hpp"

#include "support/telemetry_fixture.hpp"

#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

constexpr int threads = 8;
constexpr int per_thread = 1000000;

// The number after `key` in `line`, or -1.
long number_after(std::string_view line, std::string_view key) {
  const std::size_t at = line.find(key);
  if (at == std::string_view::npos)
    return -1;
  long value = -1;
  std::from_chars(line.data() + at + key.size(), line.data() + line.size(), value);
  return value;
}

struct Tally {
  std::vector<unsigned char> guaranteed_seen = std::vector<unsigned char>(threads * per_thread);
  std::vector<unsigned char> best_effort_seen = std::vector<unsigned char>(threads * per_thread);
  long guaranteed = 0, best_effort = 0, duplicates = 0, torn = 0, files = 0;

  void add_line(std::string_view line) {
    if (line.empty() || line.front() != '{' || line.back() != '}') {
      ++torn;
      return;
    }
    if (line.find(R"("logger":"stress")") == std::string_view::npos)
      return; // the runtime's own records
    const long t = number_after(line, R"("t":)"), i = number_after(line, R"("i":)");
    const bool is_guaranteed = line.find(R"("event":"g")") != std::string_view::npos;
    if (t < 0 || t >= threads || i < 0 || i >= per_thread) {
      ++torn;
      return;
    }
    unsigned char& seen =
        (is_guaranteed ? guaranteed_seen
                       : best_effort_seen)[static_cast<std::size_t>(t * per_thread + i)];
    duplicates += seen;
    seen = 1;
    ++(is_guaranteed ? guaranteed : best_effort);
  }

  void add_file(const std::string& path) {
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
      add_line(line);
    ++files;
  }
};

TEST(LogStress, EightThreadsOfAMillionRecordsAcrossRotations) {
  const std::string dir = test::make_temp_dir();
  Config config;
  config.service_name = "stress";
  config.traces.enabled = false;
  config.logs.file_path = dir + "/stress.jsonl";
  config.logs.max_file_bytes = std::uint64_t{32} << 20;
  config.logs.max_backups = 1000;
  start(config);
  const std::uint64_t dropped_before = detail::log_records_dropped.value();

  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([t] {
      for (int i = 0; i < per_thread; i += 2) {
        log(Delivery::guaranteed, Level::info, "stress", "g", {{"t", t}, {"i", i}});
        log(Level::info, "stress", "b", {{"t", t}, {"i", i + 1}});
      }
    });
  for (std::thread& writer : writers)
    writer.join();
  shutdown(std::chrono::seconds(120));
  const auto dropped = static_cast<long>(detail::log_records_dropped.value() - dropped_before);

  Tally tally;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    tally.add_file(entry.path().string());
  std::filesystem::remove_all(dir);

  constexpr long sent_each = threads * per_thread / 2;
  EXPECT_GT(tally.files, 10) << "rotated";
  EXPECT_EQ(tally.torn, 0);
  EXPECT_EQ(tally.duplicates, 0);
  EXPECT_EQ(tally.guaranteed, sent_each) << "every guaranteed record, once";
  EXPECT_EQ(tally.best_effort + dropped, sent_each) << "written + dropped == sent";
  std::printf("best-effort: %ld written, %ld dropped; guaranteed waits %llu, written by the "
              "caller %llu, in %ld files\n",
              tally.best_effort, dropped,
              static_cast<unsigned long long>(detail::log_guaranteed_waits.value()),
              static_cast<unsigned long long>(detail::log_records_written_by_caller.value()),
              tally.files);
}

} // namespace
} // namespace telegen
