// What TracedRoutes and telegen::http::Client record besides spans: the
// built-in http schema's RED metrics (this binary links a module that
// imports it), the http_client_request record of every client request, and
// the slow_request record with its breakdown.
#include "generated/web.telegen.hpp"

#include "telegen/exposition.hpp"
#include "telegen/httplib.hpp"
#include "telegen/span.hpp"

#include "support/json.hpp"
#include "support/serving.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using test::Json;

constexpr std::string_view db_keys[] = {"db.system"};
constexpr detail::SpanSite query_site{"SELECT orders", SpanKind::client, "query", "t.cpp", 1,
                                      db_keys};

// The value of the exposition line that starts with `series` + " ", or -1.
double sample(const std::string& series) {
  std::istringstream text(metrics_text());
  std::string line;
  while (std::getline(text, line))
    if (line.compare(0, series.size() + 1, series + " ") == 0)
      return std::stod(line.substr(series.size() + 1));
  return -1;
}

class HttpRecordsTest : public test::TelemetryTest {
protected:
  void SetUp() override {
    config_.logs.slow_request = 100ms;
    start();
    http::TracedRoutes routes(server_);
    routes.add("GET", "/items/{id}", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("twelve bytes", "text/plain");
    });
    routes.add("POST", "/items", [](const httplib::Request&, httplib::Response& response) {
      response.status = 503;
    });
    routes.add("GET", "/slow", [this](const httplib::Request&, httplib::Response&) {
      {
        SpanGuard query(query_site);
        std::this_thread::sleep_for(60ms);
      }
      http::Client self("127.0.0.1", port_, "inventory");
      self.get("/sleepy");
      std::this_thread::sleep_for(60ms);
    });
    routes.add("GET", "/sleepy", [](const httplib::Request&, httplib::Response&) {
      std::this_thread::sleep_for(70ms);
    });
    port_ = serving_.emplace(server_).port();
  }
  void TearDown() override {
    serving_.reset();
    TelemetryTest::TearDown();
  }

  std::vector<Json> records_of(std::string_view event) {
    std::vector<Json> found;
    for (const Json& record : flushed_records())
      if (record["event"].str() == event)
        found.push_back(record);
    return found;
  }

  http::Server server_;
  std::optional<test::Serving> serving_;
  int port_ = 0;
};

TEST_F(HttpRecordsTest, RoutesCountRequestsByTemplateStatusClassAndFrontend) {
  httplib::Client client("127.0.0.1", port_);
  const std::string before =
      R"(http_requests_total{method="GET",route="/items/{id}",status_class="2xx",frontend="web"})";
  const double web_before = std::max(0.0, sample(before));
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(client.Get(("/items/" + std::to_string(i)).c_str(), {{"X-Frontend-ID", "web"}}));
  ASSERT_TRUE(client.Post("/items", "a body of 17 B..", "text/plain"));
  EXPECT_EQ(sample(before), web_before + 3) << "one series per template, whatever the path";
  EXPECT_GE(sample(R"(http_requests_total{method="POST",route="/items",status_class="5xx",frontend="unknown"})"),
            1);
  EXPECT_GE(sample(R"(http_server_request_duration_seconds_count{method="GET",route="/items/{id}"})"),
            3);
  EXPECT_GE(sample(R"(http_server_response_body_size_bytes_bucket{method="GET",route="/items/{id}",le="100"})"),
            3);
  EXPECT_GE(sample(R"(http_server_request_body_size_bytes_sum{method="POST",route="/items"})"), 16);
}

TEST_F(HttpRecordsTest, EveryClientRequestIsRecordedAndTimedPerDependency) {
  http::Client inventory("127.0.0.1", port_, "inventory");
  ASSERT_TRUE(inventory.get("/items/7"));
  ASSERT_EQ(inventory.get("/nowhere")->status, 404);
  http::Client unnamed("127.0.0.1", port_);
  ASSERT_TRUE(unnamed.get("/items/8"));
  EXPECT_GE(sample(R"(http_client_request_duration_seconds_count{peer_service="inventory",status_class="2xx"})"),
            1);
  EXPECT_GE(sample(R"(http_client_request_duration_seconds_count{peer_service="inventory",status_class="4xx"})"),
            1);
  const std::vector<Json> records = records_of("http_client_request");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["level"].str(), "INFO");
  EXPECT_EQ(records[0]["logger"].str(), "http");
  EXPECT_EQ(records[0]["peer_service"].str(), "inventory");
  EXPECT_EQ(records[0]["endpoint"].str(), "http://127.0.0.1:" + std::to_string(port_) + "/items/7");
  EXPECT_EQ(records[0]["method"].str(), "GET");
  EXPECT_EQ(records[0]["status"].num(), 200);
  EXPECT_GE(records[0]["duration_ms"].num(), 0);
  EXPECT_TRUE(records[0]["error"].is_null());
  EXPECT_EQ(records[1]["status"].num(), 404);
  EXPECT_EQ(records[2]["peer_service"].str(), "127.0.0.1:" + std::to_string(port_));
}

TEST_F(HttpRecordsTest, AnUnansweredClientRequestRecordsItsError) {
  http::Client nobody("127.0.0.1", 1, "nobody");
  nobody.connection().set_connection_timeout(1);
  EXPECT_FALSE(nobody.get("/"));
  const std::vector<Json> records = records_of("http_client_request");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0]["status"].is_null());
  EXPECT_FALSE(records[0]["error"].str().empty());
}

TEST_F(HttpRecordsTest, ASlowRequestWritesOneWarningWithItsBreakdown) {
  httplib::Client client("127.0.0.1", port_);
  ASSERT_TRUE(client.Get("/slow", {{"X-Frontend-ID", "mobile"}, {"X-Request-ID", "req-slow"}}));
  // /slow takes at least 60 + 70 + 60 ms, over the 100 ms threshold
  // (/sleepy's 70 ms may pass it too on a loaded machine: not counted here).
  std::vector<Json> slow;
  for (const Json& record : records_of("slow_request"))
    if (record["endpoint"].str() == "/slow")
      slow.push_back(record);
  ASSERT_EQ(slow.size(), 1u);
  const Json& outer = slow[0];
  EXPECT_EQ(outer["level"].str(), "WARNING");
  EXPECT_EQ(outer["method"].str(), "GET");
  EXPECT_EQ(outer["status"].num(), 200);
  EXPECT_EQ(outer["frontend"].str(), "mobile");
  EXPECT_EQ(outer["source"].str(), "mobile");
  EXPECT_EQ(outer["request_id"].str(), "req-slow");
  EXPECT_EQ(outer["trace_id"].str().size(), 32u);
  EXPECT_EQ(outer["threshold_ms"].num(), 100);
  EXPECT_GE(outer["duration_ms"].num(), 190);
  EXPECT_GE(outer["database_ms"].num(), 60) << "the span with db.system";
  EXPECT_GE(outer["external_ms"].num(), 70) << "the client request to /sleepy";
  EXPECT_GE(outer["other_ms"].num(), 0);
  EXPECT_NEAR(outer["database_ms"].num() + outer["external_ms"].num() + outer["other_ms"].num(),
              outer["duration_ms"].num(), 0.01);
}

} // namespace
} // namespace telegen
