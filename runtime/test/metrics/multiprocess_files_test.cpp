// Multi-process metrics with bad input: a directory that cannot be made or
// written in, files of another build or format, cut short, malformed, not
// telegen's at all, a label log of another format. Each is said once on
// stderr, counted, and the process goes on serving what it can: its own
// metrics, and the other processes' that can be read.
#include "generated/multiprocess.telegen.hpp"

#include "metrics/multiprocess_format.hpp"
#include "support/multiprocess_scenario.hpp"
#include "support/worker_process.hpp"

#include "telegen/exposition.hpp"
#include "telegen/metrics.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

namespace telegen {
namespace {

namespace mp = detail::multiprocess;
namespace fs = std::filesystem;
using multiprocess::task;
using test::Exposition;
using test::sample;
using test::scrape;

std::string serve(const std::string& command) {
  if (command == "work")
    multiprocess::tasks_total.add(5, task::parse);
  return command == "scrape" ? metrics_text() : std::string();
}

double tasks(const Exposition& exposition) {
  return sample(exposition, "tasks_total", {{"task", "parse"}});
}

// What the calling process writes to stderr while it lives.
class CapturedStderr {
public:
  CapturedStderr() : path_(test::make_temp_dir() + "/stderr"), saved_(::dup(2)) {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~CapturedStderr() {
    ::dup2(saved_, 2);
    ::close(saved_);
  }
  std::string text() const {
    std::ifstream in(path_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::size_t count(const std::string& needle) const {
    const std::string all = text();
    std::size_t n = 0;
    for (std::size_t at = all.find(needle); at != std::string::npos; at = all.find(needle, at + 1))
      ++n;
    return n;
  }

private:
  std::string path_;
  int saved_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// This process's file.
std::string own_file(const std::string& dir) {
  const std::string prefix = "process-" + std::to_string(::getpid()) + "-";
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind(prefix, 0) == 0)
      return entry.path().string();
  ADD_FAILURE() << "no file of this process in " << dir;
  return {};
}

// A file name of a process that does not run.
std::string exited_process_file(const std::string& dir, int n) {
  return dir + "/process-" + std::to_string(99999990 + n) + "-1-00000000.telegen";
}

// Applies `change` to every record of a copy of a process file.
template <class Change> std::string with_records(std::string bytes, Change change) {
  for (std::size_t at = mp::header_bytes; at + sizeof(mp::RecordHeader) <= bytes.size();) {
    auto* record = reinterpret_cast<mp::RecordHeader*>(bytes.data() + at);
    const std::size_t size = record->bytes;
    change(*record);
    if (size == 0)
      break;
    at += size;
  }
  return bytes;
}

void remove_dir(const std::string& metrics_dir) {
  fs::remove_all(fs::path(metrics_dir).parent_path());
}

TEST(MultiprocessFiles, ADirectoryThatCannotBeCreatedLeavesTheProcessItsOwnMetrics) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string parent = test::make_temp_dir();
        write_file(parent + "/file", "not a directory");
        ::setenv("TELEGEN_METRICS_MULTIPROCESS_DIR", (parent + "/file/metrics").c_str(), 1);
        serve("work");
        const Exposition e = scrape();
        EXPECT_EQ(tasks(e), 5);
        EXPECT_TRUE(e.find("process_open_fds").has_value())
            << "a single process's metrics have no pid label";
        fs::remove_all(parent);
      }),
      "keeps its metrics to itself.*cannot create directory '.*/file/metrics': Not a directory");
}

TEST(MultiprocessFiles, ADirectoryThatCannotBeWrittenInLeavesTheProcessItsOwnMetrics) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string parent = test::make_temp_dir();
                             write_file(parent + "/file", "not a directory");
                             ::setenv("TELEGEN_METRICS_MULTIPROCESS_DIR",
                                      (parent + "/file").c_str(), 1);
                             serve("work");
                             EXPECT_EQ(tasks(scrape()), 5);
                             fs::remove_all(parent);
                           }),
                           "keeps its metrics to itself.*cannot write in the multi-process "
                           "directory");
}

// One scenario per bad file: another process runs and counts 5, this one
// counts 5, and the bad file is said once, counted once, and left out.
void expect_left_out(std::string (*make)(const std::string& own_bytes), const char* message) {
  const std::string dir = test::share_metrics_in_temp_dir();
  serve("work");
  test::WorkerProcess worker(serve);
  worker.ask("work");
  const std::string bad = exited_process_file(dir, 1);
  write_file(bad, make(read_file(own_file(dir))));
  {
    CapturedStderr captured;
    for (int scrapes = 0; scrapes < 3; ++scrapes) {
      const Exposition e = scrape();
      EXPECT_EQ(tasks(e), 10);
      EXPECT_EQ(sample(e, "telegen_multiprocess_file_problems_total"), 1);
    }
    EXPECT_EQ(captured.count(message), 1u) << captured.text();
    EXPECT_EQ(captured.count(bad), 1u) << captured.text();
  }
  remove_dir(dir);
}

TEST(MultiprocessFiles, AFileOfAnotherBuildIsLeftOut) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             expect_left_out(
                                 [](const std::string& own) {
                                   return with_records(own, [](mp::RecordHeader& record) {
                                     record.fingerprint ^= 0x5a5a;
                                   });
                                 },
                                 "holds metrics of a module this build does not have");
                           }),
                           "");
}

TEST(MultiprocessFiles, AFileCutShortIsReadUpToWhereItEnds) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             expect_left_out(
                                 [](const std::string& own) {
                                   // The first record is cut in its middle.
                                   return own.substr(0, mp::header_bytes + 100);
                                 },
                                 "is cut short");
                           }),
                           "");
}

TEST(MultiprocessFiles, AMalformedRecordEndsWhatIsReadOfAFile) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             expect_left_out(
                                 [](const std::string& own) {
                                   return with_records(
                                       own, [](mp::RecordHeader& record) { record.bytes = 7; });
                                 },
                                 "has a malformed record at byte 4096");
                           }),
                           "");
}

TEST(MultiprocessFiles, AFileOfAnotherFormatVersionIsLeftOut) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             expect_left_out(
                                 [](const std::string& own) {
                                   std::string bytes = own;
                                   reinterpret_cast<mp::ProcessFileHeader*>(bytes.data())->version =
                                       99;
                                   return bytes;
                                 },
                                 "is in format version 99");
                           }),
                           "");
}

TEST(MultiprocessFiles, AFileThatIsNotTelegensIsLeftOut) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        expect_left_out([](const std::string& own) { return std::string(own.size(), 'x'); },
                        "is not a telegen metrics file");
      }),
      "");
}

TEST(MultiprocessFiles, AFileThatCannotGrowKeepsTheRestInTheProcesssOwnMemory) {
  TELEGEN_IN_FRESH_PROCESS(
      ([] {
        const std::string dir = test::share_metrics_in_temp_dir();
        serve("work");
        // The file system takes no more than the file has: its first 256 KiB.
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{256 * 1024, 256 * 1024};
        ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
        auto items = add_counter({"items_total", "Items."}, {"item"});
        for (int i = 0; i < 4000; ++i)
          items.labels(std::to_string(i)).inc(i);
        const Exposition e = scrape();
        EXPECT_EQ(tasks(e), 5);
        for (int i : {0, 1, 1999, 3999})
          EXPECT_EQ(sample(e, "items_total", {{"item", std::to_string(i)}}), i);
        EXPECT_GT(sample(e, "telegen_multiprocess_unshared_storage_total"), 0);
        remove_dir(dir);
      }),
      "metrics file '.*' cannot grow .*: this process keeps further metric storage in its own "
      "memory");
}

TEST(MultiprocessFiles, ALabelLogOfAnotherFormatLeavesTheProcessItsOwnMetrics) {
  TELEGEN_IN_FRESH_PROCESS(([] {
                             const std::string dir = test::share_metrics_in_temp_dir();
                             // Another process of the service, started apart.
                             test::WorkerProcess other(serve);
                             other.ask("work");
                             write_file(dir + "/labels.telegen", "something else entirely");
                             serve("work");
                             EXPECT_EQ(tasks(scrape()), 5) << "this process's own, alone";
                             remove_dir(dir);
                           }),
                           "keeps its metrics to itself.*labels.telegen' is not a telegen label "
                           "log");
}

} // namespace
} // namespace telegen
