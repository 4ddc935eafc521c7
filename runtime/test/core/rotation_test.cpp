// Size-based rotation: whole lines only, backups shifted and the oldest
// deleted, and under many writing threads no line lost or torn.
#include "telegen/log.hpp"
#include "telegen/telemetry.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include "core/rotating_file.hpp"
#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

namespace telegen {
namespace {

using test::read_lines;

std::uint64_t file_size(const std::string& path) { return std::filesystem::file_size(path); }

TEST(RotatingFile, RotatesBeforeALineWouldPassTheLimit) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/app.log";
  detail::RotatingFile file(path, 100, 2);
  const std::string line(39, 'a'); // 40 bytes with '\n'
  EXPECT_EQ(file.write(line + "\n" + line + "\n"), 0u);
  EXPECT_EQ(file_size(path), 80u);
  EXPECT_EQ(file.write(std::string(39, 'b') + "\n"), 0u);
  EXPECT_EQ(file_size(path), 40u) << "80 + 40 > 100: a new file";
  EXPECT_EQ(file_size(path + ".1"), 80u);
  EXPECT_EQ(read_lines(path), (std::vector<std::string>{std::string(39, 'b')}));
}

TEST(RotatingFile, KeepsTheConfiguredNumberOfBackups) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/app.log";
  detail::RotatingFile file(path, 10, 2);
  for (char c : std::string("abcde"))
    file.write(std::string(9, c) + "\n");
  EXPECT_EQ(read_lines(path), (std::vector<std::string>{std::string(9, 'e')}));
  EXPECT_EQ(read_lines(path + ".1"), (std::vector<std::string>{std::string(9, 'd')}));
  EXPECT_EQ(read_lines(path + ".2"), (std::vector<std::string>{std::string(9, 'c')}));
  EXPECT_FALSE(std::filesystem::exists(path + ".3"));
}

TEST(RotatingFile, ShiftsTheBackupsAnEarlierRunLeftAndTrimsThemToTheLimit) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/app.log";
  for (int n = 1; n <= 5; ++n)
    detail::RotatingFile(path + "." + std::to_string(n), 100, 0).write(std::to_string(n) + "\n");
  detail::RotatingFile(path + ".x", 100, 0).write("not a backup\n");
  detail::RotatingFile(path + ".07", 100, 0).write("not a backup either\n");
  detail::RotatingFile file(path, 10, 3);
  file.write("current\n");
  file.write("next\n"); // 8 + 5 > 10: rotates
  EXPECT_EQ(read_lines(path), (std::vector<std::string>{"next"}));
  EXPECT_EQ(read_lines(path + ".1"), (std::vector<std::string>{"current"}));
  EXPECT_EQ(read_lines(path + ".2"), (std::vector<std::string>{"1"}));
  EXPECT_EQ(read_lines(path + ".3"), (std::vector<std::string>{"2"}));
  for (const char* gone : {".4", ".5"})
    EXPECT_FALSE(std::filesystem::exists(path + gone)) << gone;
  EXPECT_TRUE(std::filesystem::exists(path + ".x"));
  EXPECT_TRUE(std::filesystem::exists(path + ".07"));
}

TEST(RotatingFile, KeepsEveryBackupUnderAVeryLargeLimit) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/app.log";
  detail::RotatingFile file(path, 10, 100000);
  for (int n = 0; n < 30; ++n)
    file.write(std::to_string(100 + n) + "\n" + std::to_string(200 + n) + "\n" +
               std::to_string(300 + n) + "\n");
  // Three 4-byte lines a write, two to a file: 45 files in order, newest
  // last.
  std::vector<std::string> all;
  for (int n = 44; n >= 1; --n)
    for (const std::string& line : read_lines(path + "." + std::to_string(n)))
      all.push_back(line);
  for (const std::string& line : read_lines(path))
    all.push_back(line);
  ASSERT_EQ(all.size(), 90u);
  EXPECT_EQ(all.front(), "100");
  EXPECT_EQ(all.back(), "329");
  EXPECT_FALSE(std::filesystem::exists(path + ".45"));
}

TEST(RotatingFile, ALineLongerThanTheLimitGoesWholeIntoItsOwnFile) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/app.log";
  detail::RotatingFile file(path, 10, 3);
  file.write("short\n" + std::string(30, 'x') + "\nafter\n");
  EXPECT_EQ(read_lines(path + ".2"), (std::vector<std::string>{"short"}));
  EXPECT_EQ(read_lines(path + ".1"), (std::vector<std::string>{std::string(30, 'x')}));
  EXPECT_EQ(read_lines(path), (std::vector<std::string>{"after"}));
}

// /dev/null, /dev/stdout or a named pipe as the path: written past the
// limit, never renamed (a rotation would put a regular file in its place).
TEST(RotatingFile, NeverRotatesAFifoOrADevice) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/pipe";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] {
    std::ifstream in(path, std::ios::binary);
    received.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  });
  {
    detail::RotatingFile file(path, 100, 2);
    const std::string line = std::string(59, 'a') + "\n";
    for (int i = 0; i < 10; ++i)
      EXPECT_EQ(file.write(line), 0u);
  }
  reader.join();
  EXPECT_EQ(received.size(), 600u) << "every line written, none held back by a rotation";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode)) << "the pipe is still a pipe";
  EXPECT_FALSE(std::filesystem::exists(path + ".1"));
}

TEST(RotatingFile, ContinuesAnExistingFileAndCreatesItsDirectory) {
  const std::string dir = test::make_temp_dir();
  const std::string path = dir + "/nested/deeper/app.log";
  {
    detail::RotatingFile file(path, 1000, 1);
    file.write("first\n");
  }
  detail::RotatingFile file(path, 1000, 1);
  file.write("second\n");
  EXPECT_EQ(read_lines(path), (std::vector<std::string>{"first", "second"}));
}

TEST(RotatingFile, CountsLinesItCannotWrite) {
  const std::string dir = test::make_temp_dir();
  std::filesystem::create_directory(dir + "/taken");
  detail::RotatingFile file(dir + "/taken", 1000, 1); // a directory: cannot be opened for writing
  testing::internal::CaptureStderr();
  EXPECT_EQ(file.write("a\nb\n"), 2u);
  EXPECT_EQ(file.write("c\n"), 1u);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("cannot open"), std::string::npos);
  EXPECT_EQ(err.find("cannot open", err.find("cannot open") + 1), std::string::npos)
      << "reported once";
}

class RotationUnderLoad : public test::TelemetryTest {};

TEST_F(RotationUnderLoad, ManyThreadsLoseAndTearNoLine) {
  config_.logs.max_file_bytes = 64 * 1024;
  config_.logs.max_backups = 200; // keeps every rotated file for the check
  start();
  const std::uint64_t dropped_before = detail::log_records_dropped.value();
  const int threads = 8, per_thread = 5000;
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t)
    writers.emplace_back([t] {
      for (int i = 0; i < per_thread; ++i)
        log(Level::info, "load", "line",
            {{"thread", t}, {"seq", i}, {"pad", "some text to make lines longer"}});
    });
  for (auto& w : writers)
    w.join();
  ASSERT_TRUE(telegen::force_flush(std::chrono::seconds(30)));
  ASSERT_EQ(detail::log_records_dropped.value() - dropped_before, 0u);

  std::set<std::pair<int, int>> seen;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    const std::string name = entry.path().filename();
    if (name.rfind("system.jsonl", 0) != 0)
      continue;
    ++files;
    EXPECT_LE(entry.file_size(), config_.logs.max_file_bytes) << name;
    for (const std::string& line : read_lines(entry.path())) {
      if (test::is_lifecycle_line(line))
        continue;
      const test::Json r = test::parse_json(line); // throws on a torn line
      EXPECT_TRUE(
          seen.emplace(static_cast<int>(r["thread"].num()), static_cast<int>(r["seq"].num()))
              .second)
          << "duplicate " << line;
    }
  }
  EXPECT_GT(files, 5) << "it rotated";
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(threads * per_thread));
}

} // namespace
} // namespace telegen
