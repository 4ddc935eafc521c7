// What a log record takes from its context: the origin (`source`), the
// request's frontend and correlation id, and bound fields, on the thread
// that bound them and across every boundary the context crosses.
#include "telegen/context.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

using test::Json;
using test::keys_of;

class LogContextTest : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }

  std::vector<Json> records() { return flushed_records(); }
};

TEST_F(LogContextTest, TheSourceIsTheOriginAnEntryPointBinds) {
  {
    auto origin = bind_source(Source::cli);
    log(Level::info, "cli", "started");
  }
  log(Level::info, "cli", "after");
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["source"].str(), "cli");
  EXPECT_EQ(all[0]["frontend"].str(), "cli");
  EXPECT_FALSE(all[1].has("source")) << "outside the binding no origin is guessed";
  EXPECT_FALSE(all[1].has("frontend"));
}

TEST_F(LogContextTest, TheSourceOfARequestIsItsFrontend) {
  std::map<std::string, std::string> headers{
      {"x-request-id", "req-1"}, {"x-frontend-id", "telegram"}, {"x-correlation-id", "flow-9"}};
  {
    Scope scope(extract(MapCarrier(headers)));
    log(Level::info, "bot", "message");
  }
  const Json r = records().at(0);
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"timestamp", "level", "logger", "event",
                                                  "func_name", "lineno", "pathname", "source",
                                                  "request_id", "correlation_id", "frontend"}));
  EXPECT_EQ(r["source"].str(), "telegram");
  EXPECT_EQ(r["request_id"].str(), "req-1");
  EXPECT_EQ(r["correlation_id"].str(), "flow-9");
  EXPECT_EQ(r["frontend"].str(), "telegram");
}

TEST_F(LogContextTest, ACallNamesItsOwnSource) {
  auto origin = bind_source(Source::web);
  log_with_source(Source::internal, Level::info, "cache", "refreshed", {{"entries", 3}});
  log_with_source(Source::unknown, Level::info, "cache", "kept");
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0]["source"].str(), "internal");
  EXPECT_EQ(all[0]["frontend"].str(), "web") << "the request's frontend is unchanged";
  EXPECT_EQ(all[0]["entries"].num(), 3);
  EXPECT_EQ(all[1]["source"].str(), "web") << "unknown: the context's origin";
}

TEST_F(LogContextTest, TasksIsAnOriginAndAFrontend) {
  EXPECT_EQ(to_string(Source::tasks), "tasks");
  EXPECT_EQ(parse_frontend("tasks"), Frontend::tasks);
}

TEST_F(LogContextTest, BoundFieldsFollowTheStandardFieldsTyped) {
  {
    auto bound = bind_fields({{"tenant", "acme"},
                              {"job_id", 42},
                              {"ratio", 0.5},
                              {"dry_run", true},
                              {"big", std::uint64_t{18446744073709551615u}},
                              {"none", nullptr}});
    log(Level::info, "jobs", "step", {{"step", 1}});
  }
  log(Level::info, "jobs", "after");
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  const Json& r = all[0];
  EXPECT_EQ(keys_of(r), (std::vector<std::string>{"timestamp", "level", "logger", "event",
                                                  "func_name", "lineno", "pathname", "tenant",
                                                  "job_id", "ratio", "dry_run", "big", "none",
                                                  "step"}));
  EXPECT_EQ(r["tenant"].str(), "acme");
  EXPECT_EQ(r["job_id"].num(), 42);
  EXPECT_EQ(r["ratio"].num(), 0.5);
  EXPECT_TRUE(r["dry_run"].boolean());
  EXPECT_TRUE(r["none"].is_null());
  EXPECT_FALSE(all[1].has("tenant")) << "unbound when the scope ends";
}

TEST_F(LogContextTest, ANestedBindingReplacesAKeyInPlaceAndTheRecordsOwnFieldWins) {
  auto outer = bind_fields({{"tenant", "acme"}, {"stage", "load"}});
  {
    auto inner = bind_fields({{"stage", "parse"}, {"file", "a.csv"}});
    log(Level::info, "jobs", "step", {{"tenant", "override"}});
  }
  log(Level::info, "jobs", "step");
  const auto all = records();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(keys_of(all[0]), (std::vector<std::string>{"timestamp", "level", "logger", "event",
                                                       "func_name", "lineno", "pathname", "stage",
                                                       "file", "tenant"}));
  EXPECT_EQ(all[0]["stage"].str(), "parse");
  EXPECT_EQ(all[0]["tenant"].str(), "override");
  EXPECT_EQ(all[1]["stage"].str(), "load");
}

TEST_F(LogContextTest, BoundSecretsAreRedactedAndStandardNamesRenamed) {
  auto bound = bind_fields({{"api_key", "k-123"}, {"level", "mine"}});
  log(Level::info, "t", "e");
  const Json r = records().at(0);
  EXPECT_EQ(r["api_key"].str(), "[REDACTED]");
  EXPECT_EQ(r["level"].str(), "INFO");
  EXPECT_EQ(r["field_level"].str(), "mine");
}

TEST_F(LogContextTest, BoundFieldsCrossThreadsWithTheContext) {
  auto bound = bind_fields({{"tenant", "acme"}});
  std::thread worker(bind_context([] { log(Level::info, "pool", "task"); }));
  worker.join();
  EXPECT_EQ(records().at(0)["tenant"].str(), "acme");
}

TEST_F(LogContextTest, BoundFieldsCrossCarriersTypedAndSecretsStayBehind) {
  std::map<std::string, std::string> message;
  {
    auto bound = bind_fields(
        {{"tenant", "a b,c=d%25é"}, {"job_id", -7}, {"ratio", 0.25}, {"token", "t0p"}});
    MapCarrier carrier(message);
    inject(carrier);
  }
  ASSERT_TRUE(message.count("x-telegen-fields"));
  EXPECT_EQ(message["x-telegen-fields"].find("t0p"), std::string::npos);
  {
    Scope scope(extract(MapCarrier(message)));
    log(Level::info, "consumer", "received");
  }
  const Json r = records().at(0);
  EXPECT_EQ(r["tenant"].str(), "a b,c=d%25é");
  EXPECT_EQ(r["job_id"].num(), -7);
  EXPECT_EQ(r["ratio"].num(), 0.25);
  EXPECT_EQ(r["token"].str(), "[REDACTED]");
}

TEST_F(LogContextTest, BoundFieldsCrossTheOneStringFieldAndTheEnvironment) {
  std::string field;
  std::vector<std::string> environment;
  {
    auto bound = bind_fields({{"tenant", "acme"}});
    field = inject_field();
    environment = environment_with(Context::current());
  }
  EXPECT_EQ(extract_field(field).fields().at(0).value.as_string(), "acme");
  EnvCarrier carrier(environment);
  const Context child = extract(carrier);
  ASSERT_EQ(child.fields().size(), 1u);
  EXPECT_EQ(child.fields()[0].key, "tenant");
  EXPECT_EQ(child.fields()[0].value.as_string(), "acme");
}

TEST_F(LogContextTest, MalformedCarriedFieldsAreSkipped) {
  std::map<std::string, std::string> message{
      {"x-telegen-fields", "a=i:12x,b=q:1,c=s:ok,d=b:yes,e=n:,f=u:18446744073709551615"}};
  const Context context = extract(MapCarrier(message));
  const std::vector<Attribute> fields = context.fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].key, "c");
  EXPECT_EQ(fields[1].key, "e");
  EXPECT_EQ(fields[1].value.type(), AttributeValue::Type::null);
  EXPECT_EQ(fields[2].value.as_uint64(), 18446744073709551615u);
}

TEST_F(LogContextTest, AtMostThirtyTwoFieldsAreBound) {
  Context context;
  for (int i = 0; i < 40; ++i) {
    const std::string key = "k" + std::to_string(i);
    context = context.with_fields({{key, i}});
  }
  EXPECT_EQ(context.fields().size(), 32u);
  EXPECT_EQ(context.fields().back().key, "k31");
}

} // namespace
} // namespace telegen
