// JSON lines: fields and their order, escaping, levels, redaction,
// correlation with the current context, and the development format.
#include "telegen/context.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include "log/log_format.hpp"
#include "metrics/counters.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <thread>

namespace telegen {
namespace {

using test::Json;
using test::keys_of;
using test::parse_json;

class LogTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }

  std::vector<Json> records() { return flushed_records(); }
};

TEST_F(LogTest, WritesOneJsonObjectPerLineWithTheStandardFieldsFirst) {
  const int line = __LINE__ + 1;
  log(Level::info, "orders", "order_placed",
      {{"order_id", 42}, {"amount", 12.5}, {"express", true}, {"coupon", nullptr}});
  const auto all = records();
  ASSERT_EQ(all.size(), 1u);
  const Json& r = all[0];
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"timestamp", "level", "logger", "event",
                                                  "func_name", "lineno", "pathname", "order_id",
                                                  "amount", "express", "coupon"}));
  EXPECT_TRUE(std::regex_match(r["timestamp"].str(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));
  EXPECT_EQ(r["level"].str(), "INFO");
  EXPECT_EQ(r["logger"].str(), "orders");
  EXPECT_EQ(r["event"].str(), "order_placed");
  EXPECT_EQ(r["func_name"].str(), "TestBody");
  EXPECT_EQ(r["lineno"].num(), line);
  EXPECT_EQ(r["pathname"].str(), "runtime/test/log/log_test.cpp") << "relative to the source root";
  EXPECT_FALSE(r.has("source")) << "no origin is bound: none is guessed";
  EXPECT_EQ(r["order_id"].num(), 42);
  EXPECT_EQ(r["amount"].num(), 12.5);
  EXPECT_EQ(r["express"].boolean(), true);
  EXPECT_TRUE(r["coupon"].is_null());
}

TEST_F(LogTest, TheTimestampIsTheTimeOfTheCall) {
  const auto before = std::chrono::system_clock::now();
  log(Level::info, "t", "now");
  const auto after = std::chrono::system_clock::now();
  const auto all = records();
  std::string text = all.at(0)["timestamp"].str();
  std::tm tm{};
  strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  const auto seconds = std::chrono::system_clock::from_time_t(timegm(&tm));
  const auto at = seconds + std::chrono::microseconds(std::stoi(text.substr(20, 6)));
  EXPECT_GE(at, before - std::chrono::milliseconds(1));
  EXPECT_LE(at, after + std::chrono::milliseconds(1));
}

TEST_F(LogTest, EscapesStringsSoEveryLineIsValidJson) {
  const std::string nasty =
      std::string("quote\" backslash\\ newline\n tab\t nul") + '\0' + " bad\xff utf8 \xc3\xa9";
  log(Level::warning, "x\"y", "e\nv", {{"text", nasty}, {"k\"ey", 1}});
  const auto lines = flushed_log_lines();
  ASSERT_EQ(lines.size(), 1u) << "a newline in a value does not split the line";
  const Json r = parse_json(lines[0]);
  EXPECT_EQ(r["logger"].str(), "x\"y");
  EXPECT_EQ(r["event"].str(), "e\nv");
  EXPECT_EQ(r["text"].str(), std::string("quote\" backslash\\ newline\n tab\t nul") + '\0' +
                                 " bad\xEF\xBF\xBD utf8 \xc3\xa9");
  EXPECT_EQ(r["k\"ey"].num(), 1);
}

TEST_F(LogTest, RecordsBelowTheLevelAreNotWritten) {
  config_.logs.level = Level::warning;
  start();
  EXPECT_FALSE(log_enabled(Level::info));
  EXPECT_TRUE(log_enabled(Level::error));
  log(Level::debug, "t", "debug");
  log(Level::info, "t", "info");
  log(Level::warning, "t", "warning");
  log(Level::error, "t", "error");
  log(Level::critical, "t", "critical");
  std::vector<std::string> events;
  for (const Json& r : records())
    events.push_back(r["event"].str() + ":" + r["level"].str());
  EXPECT_EQ(events,
            (std::vector<std::string>{"warning:WARNING", "error:ERROR", "critical:CRITICAL"}));
}

TEST_F(LogTest, SensitiveValuesAreRedacted) {
  log(Level::info, "auth", "login",
      {{"user", "alice"},
       {"password", "hunter2"},
       {"apiKey", "k-123"},
       {"Authorization", "Bearer x"},
       {"card_number", "4111111111111111"},
       {"retries", 2}});
  const auto all = records();
  const Json& r = all.at(0);
  EXPECT_EQ(r["user"].str(), "alice");
  EXPECT_EQ(r["password"].str(), "[REDACTED]");
  EXPECT_EQ(r["apiKey"].str(), "[REDACTED]");
  EXPECT_EQ(r["Authorization"].str(), "[REDACTED]");
  EXPECT_EQ(r["card_number"].str(), "[REDACTED]");
  EXPECT_EQ(r["retries"].num(), 2);
  for (const std::string& line : test::read_lines(config_.logs.file_path))
    EXPECT_EQ(line.find("hunter2"), std::string::npos);
}

TEST_F(LogTest, CarriesTheRequestAndTraceOfTheCurrentContext) {
  static constexpr detail::SpanSite site{"handle", SpanKind::server, "handle", "s.cpp", 1};
  std::map<std::string, std::string> headers{{"x-request-id", "req-9"}};
  SpanContext span_context;
  {
    Scope scope(extract(MapCarrier(headers)));
    SpanGuard span(site);
    span_context = span.context();
    log(Level::info, "svc", "inside");
  }
  log(Level::info, "svc", "outside");
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["request_id"].str(), "req-9");
  EXPECT_EQ(all[0]["trace_id"].str(), span_context.trace_id.to_hex());
  EXPECT_EQ(all[0]["span_id"].str(), span_context.span_id.to_hex());
  EXPECT_EQ(keys_of(all[0])[7], "request_id");
  EXPECT_EQ(all[0]["correlation_id"].str(), "req-9");
  EXPECT_EQ(all[0]["frontend"].str(), "unknown");
  EXPECT_FALSE(all[0].has("source")) << "a request without X-Frontend-ID has no origin";
  EXPECT_FALSE(all[1].has("request_id"));
  EXPECT_FALSE(all[1].has("trace_id"));
}

TEST_F(LogTest, GeneratedSitesNameTheirFieldsAndFillMissingOnesWithNull) {
  static constexpr std::string_view fields[] = {"dependency", "attempt", "error"};
  static constexpr detail::EventSite site{
      Level::warning, "resilience", "retry_attempt", "charge", 77, "src/payments.cpp", fields};
  detail::emit_log(site, {"payments", 2});
  const auto all = records();
  const Json& r = all.at(0);
  EXPECT_EQ(r["level"].str(), "WARNING");
  EXPECT_EQ(r["logger"].str(), "resilience");
  EXPECT_EQ(r["event"].str(), "retry_attempt");
  EXPECT_EQ(r["func_name"].str(), "charge");
  EXPECT_EQ(r["lineno"].num(), 77);
  EXPECT_EQ(r["pathname"].str(), "src/payments.cpp");
  EXPECT_EQ(r["dependency"].str(), "payments");
  EXPECT_EQ(r["attempt"].num(), 2);
  EXPECT_TRUE(r["error"].is_null());
}

TEST_F(LogTest, FieldsNamedLikeStandardKeysAreRenamed) {
  log(Level::info, "t", "e", {{"level", "mine"}, {"timestamp", 1}});
  const auto all = records();
  EXPECT_EQ(all.at(0)["level"].str(), "INFO");
  EXPECT_EQ(all.at(0)["field_level"].str(), "mine");
  EXPECT_EQ(all.at(0)["field_timestamp"].num(), 1);
}

TEST_F(LogTest, LinesFromManyThreadsAreAllWrittenWhole) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([t] {
      for (int i = 0; i < 2000; ++i)
        log(Level::info, "load", "tick", {{"thread", t}, {"seq", i}});
    });
  for (auto& thread : threads)
    thread.join();
  std::vector<int> next(4, 0);
  for (const Json& r : records()) {
    const int t = static_cast<int>(r["thread"].num());
    EXPECT_EQ(static_cast<int>(r["seq"].num()), next[t]++) << "a thread's lines keep their order";
  }
  EXPECT_EQ(next, (std::vector<int>{2000, 2000, 2000, 2000}));
}

TEST_F(LogTest, TheDevelopmentFormatIsOneReadableLine) {
  int saved = dup(STDERR_FILENO);
  const std::string path = dir_ + "/stderr.txt";
  int file = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(file, STDERR_FILENO);
  config_.logs.stderr_format = StderrFormat::dev;
  start();
  log(Level::warning, "resilience", "retry_attempt",
      {{"dependency", "payments"}, {"error", "connection reset"}, {"token", "t"}});
  telegen::force_flush(std::chrono::seconds(5));
  dup2(saved, STDERR_FILENO);
  close(saved);
  close(file);
  const auto lines = test::read_lines(path);
  // The fixture started telegen already: this start loads another
  // configuration.
  ASSERT_EQ(lines.size(), 2u) << (lines.empty() ? "" : lines[0]);
  EXPECT_NE(lines[0].find(" INFO     telegen configuration_loaded log_level=INFO "),
            std::string::npos)
      << lines[0];
  EXPECT_TRUE(std::regex_match(
      lines[1],
      std::regex(
          R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z WARNING  resilience retry_attempt )"
          R"(dependency=payments error="connection reset" token=\[REDACTED\] \(.*log_test\.cpp:\d+ TestBody\))")))
      << lines[1];
}

TEST(LogFormat, TimestampsAreIso8601UtcWithMicroseconds) {
  const auto format = [](std::uint64_t nanos) {
    std::string out;
    detail::append_timestamp(out, nanos);
    return out;
  };
  EXPECT_EQ(format(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(format(951782400000000000u + 999999999u), "2000-02-29T00:00:00.999999Z");
  EXPECT_EQ(format(1709251199123456000u), "2024-02-29T23:59:59.123456Z");
  EXPECT_EQ(format(4102444800000000000u), "2100-01-01T00:00:00.000000Z");
}

TEST(LogLevels, NamesRoundTrip) {
  for (Level level : {Level::debug, Level::info, Level::warning, Level::error, Level::critical})
    EXPECT_EQ(parse_level(to_string(level)), level);
  EXPECT_EQ(parse_level("warn"), Level::warning);
  EXPECT_EQ(parse_level("verbose"), std::nullopt);
}

} // namespace
} // namespace telegen
