// A full disk, made by a file size limit (RLIMIT_FSIZE, SIGXFSZ ignored as a
// service that logs to a size-limited file must): the writer reports the
// failure once on stderr, counts every line it could not write, leaves no
// torn line, never blocks a caller, and writes again once there is room.
// A process of its own: the limit applies to every file it writes.
#include "telegen/config.hpp"
#include "telegen/log.hpp"
#include "telegen/telemetry.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>

namespace telegen {
namespace {

// Lines of event `event`; every line in the file must be a whole JSON object.
long count_event(const std::string& path, std::string_view event) {
  long n = 0;
  for (const std::string& line : test::read_lines(path)) {
    const test::Json record = test::parse_json(line); // throws on a torn line
    n += record["event"].str() == event;
  }
  return n;
}

TEST(LogDiskFull, ReportedOnceCountedAndResumedWhenThereIsRoom) {
  std::signal(SIGXFSZ, SIG_IGN);
  const std::string dir = test::make_temp_dir();
  const int saved_stderr = dup(STDERR_FILENO);
  const int stderr_file = open((dir + "/stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(stderr_file, STDERR_FILENO);

  Config config;
  config.service_name = "disk-full";
  config.traces.enabled = false;
  config.logs.file_path = dir + "/system.jsonl";
  config.logs.guaranteed_wait = std::chrono::milliseconds(50);
  start(config);
  ASSERT_TRUE(force_flush(std::chrono::seconds(10)));

  // Room for about a hundred more lines.
  struct stat st;
  ASSERT_EQ(stat(config.logs.file_path.c_str(), &st), 0);
  rlimit saved;
  getrlimit(RLIMIT_FSIZE, &saved);
  rlimit limit = saved;
  limit.rlim_cur = static_cast<rlim_t>(st.st_size) + 20000;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);

  const std::uint64_t failures = detail::log_write_failures.value();
  const std::uint64_t dropped = detail::log_records_dropped.value();
  constexpr long sent = 2000;
  for (long i = 0; i < sent; ++i)
    if (i % 10 == 0)
      log(Delivery::guaranteed, Level::info, "disk", "filling", {{"seq", i}});
    else
      log(Level::info, "disk", "filling", {{"seq", i}});
  ASSERT_TRUE(force_flush(std::chrono::seconds(10))) << "the writer is not stuck";
  // The writer says what it lost in one telemetry_dropped record (at most
  // one per 10 s), queued after the pass that lost: written, or rather not
  // written either, by the next one.
  ASSERT_TRUE(force_flush(std::chrono::seconds(10)));
  const long written = count_event(config.logs.file_path, "filling");
  EXPECT_GT(written, 0);
  EXPECT_LT(written, sent);
  const long not_written = sent - written + 1; // and the record about it
  EXPECT_EQ(static_cast<long>(detail::log_write_failures.value() - failures), not_written);
  EXPECT_EQ(detail::log_records_dropped.value(), dropped);

  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &saved), 0);
  constexpr long after = 100;
  for (long i = 0; i < after; ++i)
    log(Level::info, "disk", "resumed", {{"seq", i}});
  ASSERT_TRUE(force_flush(std::chrono::seconds(10)));
  EXPECT_EQ(count_event(config.logs.file_path, "resumed"), after);
  EXPECT_EQ(static_cast<long>(detail::log_write_failures.value() - failures), not_written);
  shutdown();

  dup2(saved_stderr, STDERR_FILENO);
  std::ifstream in(dir + "/stderr.txt");
  std::stringstream text;
  text << in.rdbuf();
  std::size_t reports = 0;
  for (std::size_t at = text.str().find("cannot write to"); at != std::string::npos;
       at = text.str().find("cannot write to", at + 1))
    ++reports;
  EXPECT_EQ(reports, 1u) << text.str();
}

} // namespace
} // namespace telegen
