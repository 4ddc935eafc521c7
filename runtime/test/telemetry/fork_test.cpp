// fork() copies only the calling thread: a child must not wait for the
// parent's background threads, export the parent's queued records, or end
// the parent's open spans; its own spans continue the trace and are exported.
#include "telegen/log.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "support/json.hpp"
#include "support/line_exporters.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>

namespace telegen {
namespace {

using namespace std::chrono_literals;

constexpr detail::SpanSite before_site{"before.fork", SpanKind::internal, "f", "f.cpp", 1};
constexpr detail::SpanSite open_site{"open.across.fork", SpanKind::server, "g", "g.cpp", 2};
constexpr detail::SpanSite child_site{"in.child", SpanKind::internal, "h", "h.cpp", 3};

struct ExportedSpan {
  std::string trace_id;
  std::string span_id;
  std::string parent_span_id;
};

// Every span in the JSONL trace file, by name; a name seen twice fails.
std::map<std::string, ExportedSpan> exported_spans(const std::string& path) {
  std::map<std::string, ExportedSpan> spans;
  for (const std::string& line : test::read_lines(path)) {
    const test::Json request = test::parse_json(line);
    for (const test::Json& resource : request["resourceSpans"].arr())
      for (const test::Json& scope : resource["scopeSpans"].arr())
        for (const test::Json& span : scope["spans"].arr()) {
          const std::string name = span["name"].str();
          EXPECT_EQ(spans.count(name), 0u) << name << " exported twice";
          spans[name] = {span["traceId"].str(), span["spanId"].str(),
                         span.has("parentSpanId") ? span["parentSpanId"].str() : ""};
        }
  }
  return spans;
}

class ForkTest : public test::TelemetryTest {};

TEST_F(ForkTest, ChildLeavesTheParentsSpansToItAndExportsItsOwn) {
  config_.traces.exporters = {"jsonl"};
  // The log export and metric reader threads too.
  const std::string exported_path = dir_ + "/exported.txt";
  test::use_line_exporters(exported_path);
  config_.logs.export_otlp = true;
  config_.metrics.export_otlp = true;
  telegen::start(config_);
  { SpanGuard before(before_site); } // queued in the parent when it forks
  std::string open_trace, open_span;
  {
    SpanGuard open(open_site);
    open_trace = open.context().trace_id.to_hex();
    open_span = open.context().span_id.to_hex();
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      { SpanGuard in_child(child_site); }
      log(Level::warning, "fork_test", "child_record", {{"pid", std::int64_t{getpid()}}});
      // Leaves through exit(): the child's pipeline flushes at exit and
      // does not wait for the parent's threads.
      std::exit(0);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  }
  ASSERT_TRUE(telegen::force_flush(10s));

  const auto spans = exported_spans(config_.traces.file_path);
  ASSERT_EQ(spans.size(), 3u);
  ASSERT_EQ(spans.count("in.child"), 1u);
  EXPECT_EQ(spans.at("in.child").trace_id, open_trace);
  EXPECT_EQ(spans.at("in.child").parent_span_id, open_span);
  EXPECT_EQ(spans.at("open.across.fork").span_id, open_span);
  EXPECT_EQ(spans.count("before.fork"), 1u);

  int child_records = 0;
  for (const std::string& line : test::read_lines(config_.logs.file_path))
    child_records += test::parse_json(line)["event"].str() == "child_record";
  EXPECT_EQ(child_records, 1);

  // The child exported its record and pushed its metrics at exit with its
  // own threads, not the parent's.
  int child_exports = 0;
  int child_pushes = 0;
  for (const std::string& line : test::read_lines(exported_path)) {
    std::istringstream words(line);
    std::string kind, pid, rest;
    words >> kind >> pid;
    std::getline(words, rest);
    if (pid == std::to_string(getpid()))
      continue;
    child_exports += kind == "log" && rest == " fork_test child_record";
    child_pushes += kind == "metrics";
  }
  EXPECT_EQ(child_exports, 1);
  EXPECT_EQ(child_pushes, 1);
}

} // namespace
} // namespace telegen
