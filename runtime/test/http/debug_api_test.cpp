// POST /api/telemetry/debug on a service's own server, and requests in
// debug mode through TracedRoutes and Client: refusals with what to fix,
// the audit, DEBUG records for that request only, forced sampling, the
// token carried to the next service, revocation.
#include "telegen/context.hpp"
#include "telegen/debug_api.hpp"
#include "telegen/http_server.hpp"
#include "telegen/httplib.hpp"
#include "telegen/log.hpp"

#include "support/json.hpp"
#include "support/serving.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using test::Json;

const std::string admin_token = "admin-bearer-token";
const std::string developer_token = "developer-bearer-token";

class DebugApiTest : public test::TelemetryTest {
protected:
  void SetUp() override {
    config_.traces.sampling.sampler = Sampler::always_off;
    start();
    DebugApiConfig debug;
    debug.enabled = true;
    debug.callers = {{"alice", DebugRole::admin, admin_token},
                     {"ci", DebugRole::developer, developer_token}};
    debug.secret = std::string(32, 'k');
    configure_debug_api(debug);

    http::mount_debug_api(server_);
    http::TracedRoutes routes(server_);
    routes.add("GET", "/orders", [this](const httplib::Request&, httplib::Response& response) {
      log(Level::debug, "orders", "order_lookup", {{"step", "front"}});
      log(Level::debug, "resilience", "retry_considered");
      std::thread(bind_context([] { log(Level::debug, "orders", "pooled_step"); })).join();
      http::Client stock("127.0.0.1", port_, "stock");
      const httplib::Result answer =
          stock.get("/stock", {{"Authorization", "Bearer downstream-secret"}, {"Accept", "*/*"}});
      response.set_content(answer ? answer->body : "none", "text/plain");
    });
    routes.add("GET", "/stock", [](const httplib::Request& request, httplib::Response& response) {
      log(Level::debug, "stock", "stock_lookup");
      response.set_content(request.get_header_value("X-Debug-Token"), "text/plain");
    });
    port_ = serving_.emplace(server_).port();
  }
  void TearDown() override {
    serving_.reset();
    configure_debug_api(DebugApiConfig());
    TelemetryTest::TearDown();
  }

  httplib::Result ask(const std::string& body, const std::string& bearer = admin_token) {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!bearer.empty())
      headers.emplace("Authorization", "Bearer " + bearer);
    return client.Post("/api/telemetry/debug", headers, body, "application/json");
  }
  std::string issue(const std::string& body = R"({"enable": true})") {
    const httplib::Result answer = ask(body);
    EXPECT_TRUE(answer && answer->status == 200) << (answer ? answer->body : "no answer");
    return answer ? test::parse_json(answer->body)["debug_token"].str() : "";
  }
  httplib::Result get(const std::string& path, const std::string& request_id,
                      const std::string& token = "", const std::string& frontend = "web") {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers = {{"X-Request-ID", request_id}, {"X-Frontend-ID", frontend}};
    if (!token.empty())
      headers.emplace("X-Debug-Token", token);
    return client.Get(path, headers);
  }
  std::vector<Json> records(std::string_view event, std::string_view request_id = {}) {
    std::vector<Json> found;
    for (const Json& record : flushed_records())
      if (record["event"].str() == event &&
          (request_id.empty() ||
           (record.has("request_id") && record["request_id"].str() == request_id)))
        found.push_back(record);
    return found;
  }
  // The error an answer says, and that it says what to fix.
  static std::string error_of(const httplib::Result& answer, int status) {
    EXPECT_TRUE(answer);
    if (!answer)
      return "";
    EXPECT_EQ(answer->status, status) << answer->body;
    const Json body = test::parse_json(answer->body);
    EXPECT_FALSE(body["detail"].str().empty());
    return body["error"].str();
  }

  http::Server server_;
  std::optional<test::Serving> serving_;
  int port_ = 0;
};

TEST_F(DebugApiTest, IssuesASignedTokenAndAuditsWhoAskedForWhat) {
  const httplib::Result answer =
      ask(R"({"enable": true, "duration_minutes": 5, "frontend_id": "web", "scope": "external"})");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  const Json body = test::parse_json(answer->body);
  EXPECT_EQ(body["debug_token"].str().substr(0, 4), "dbg_");
  EXPECT_EQ(body["instructions"].str(), "Add X-Debug-Token header to requests");
  const std::string expires_at = body["expires_at"].str();
  ASSERT_EQ(expires_at.size(), 20u) << expires_at;
  EXPECT_EQ(expires_at.back(), 'Z');

  const std::vector<Json> issued = records("debug_token_issued");
  ASSERT_EQ(issued.size(), 1u);
  EXPECT_EQ(issued[0]["level"].str(), "WARNING");
  EXPECT_EQ(issued[0]["who"].str(), "alice");
  EXPECT_EQ(issued[0]["role"].str(), "admin");
  EXPECT_EQ(issued[0]["scope"].str(), "external");
  EXPECT_EQ(issued[0]["frontend_id"].str(), "web");
  EXPECT_EQ(issued[0]["expires_at"].str(), expires_at);
  EXPECT_EQ(body["debug_token"].str().find(issued[0]["debug_id"].str()), 4u);
}

TEST_F(DebugApiTest, RefusesWithAnErrorThatSaysWhatToFix) {
  EXPECT_EQ(error_of(ask(R"({"enable": true})", ""), 401), "unauthorized");
  EXPECT_EQ(error_of(ask(R"({"enable": true})", "guessed"), 401), "unauthorized");
  EXPECT_EQ(error_of(ask("{\"enable\": true"), 400), "malformed_body");
  EXPECT_EQ(error_of(ask(R"({"enable": "yes"})"), 400), "invalid_enable");
  EXPECT_EQ(error_of(ask(R"({"enable": true, "duration_minutes": 61})"), 400),
            "invalid_duration_minutes");
  EXPECT_EQ(error_of(ask(R"({"enable": true, "duration_minutes": 0})"), 400),
            "invalid_duration_minutes");
  EXPECT_EQ(error_of(ask(R"({"enable": true, "scope": "everything"})"), 400), "invalid_scope");
  EXPECT_EQ(error_of(ask(R"({"enable": true, "frontend_id": "fax"})"), 400), "invalid_frontend_id");
  EXPECT_EQ(error_of(ask(R"({"enable": true, "level": "debug"})"), 400), "unknown_member");
  EXPECT_EQ(error_of(ask(R"({"enable": false})"), 400), "missing_debug_token");
  EXPECT_EQ(error_of(ask(R"({"enable": false, "debug_token": "dbg_x"})"), 400),
            "invalid_debug_token");
  const std::string token = issue();
  EXPECT_EQ(
      error_of(ask(R"({"enable": false, "debug_token": ")" + token + "\"}", developer_token), 403),
      "forbidden");

  // Each refusal audited with who asked (none without a known bearer
  // token) and what they asked for; records of different server threads
  // come in any order.
  std::map<std::string, std::vector<Json>> refused;
  for (const Json& record : records("debug_request_refused"))
    refused[record["who"].is_null() ? "" : record["who"].str()].push_back(record);
  ASSERT_EQ(refused[""].size(), 2u);
  EXPECT_EQ(refused[""][0]["status"].num(), 401);
  ASSERT_EQ(refused["alice"].size(), 9u);
  ASSERT_EQ(refused["ci"].size(), 1u);
  EXPECT_EQ(refused["ci"][0]["status"].num(), 403);
  EXPECT_FALSE(refused["ci"][0]["expires_at"].str().empty());
  bool scope_recorded = false;
  for (const Json& record : refused["alice"])
    scope_recorded |= record["scope"].is_string() && record["scope"].str() == "everything";
  EXPECT_TRUE(scope_recorded);
}

TEST_F(DebugApiTest, TheSixthActiveTokenGets429UntilOneIsRevoked) {
  std::vector<std::string> tokens;
  for (int i = 0; i < 5; ++i)
    tokens.push_back(issue());
  EXPECT_EQ(error_of(ask(R"({"enable": true})", developer_token), 429), "too_many_debug_tokens");
  const httplib::Result revoked = ask(R"({"enable": false, "debug_token": ")" + tokens[2] + "\"}");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  EXPECT_FALSE(issue().empty());
  const std::vector<Json> audit = records("debug_token_revoked");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0]["who"].str(), "alice");
}

TEST_F(DebugApiTest, IsOffUnlessEnabledWithAnAdmin) {
  DebugApiConfig developers_only;
  developers_only.enabled = true;
  developers_only.callers = {{"ci", DebugRole::developer, developer_token}};
  developers_only.secret = std::string(32, 'k');
  configure_debug_api(developers_only);
  EXPECT_EQ(error_of(ask(R"({"enable": true})", developer_token), 404), "debug_api_off");
}

TEST_F(DebugApiTest, OnlyTheRequestWithTheTokenIsVerboseAndSampled) {
  const std::string token = issue();
  ASSERT_FALSE(log_enabled(Level::debug));
  const httplib::Result debug = get("/orders", "req-debug", token);
  const httplib::Result plain = get("/orders", "req-plain");
  ASSERT_TRUE(debug && plain);
  // The token went on to the next service with the request's context.
  EXPECT_EQ(debug->body, token);
  EXPECT_EQ(plain->body, "");
  EXPECT_FALSE(log_enabled(Level::debug)) << "the threshold stays low after the request";

  EXPECT_EQ(records("order_lookup", "req-debug").size(), 1u);
  EXPECT_EQ(records("retry_considered", "req-debug").size(), 1u);
  EXPECT_EQ(records("stock_lookup", "req-debug").size(), 1u);
  EXPECT_EQ(records("pooled_step", "req-debug").size(), 1u); // on another thread
  EXPECT_EQ(records("pooled_step", "req-plain").size(), 0u);
  EXPECT_EQ(records("order_lookup", "req-plain").size(), 0u);
  EXPECT_EQ(records("stock_lookup", "req-plain").size(), 0u);
  std::map<std::string, Json> timing;
  for (const Json& record : records("debug_request_timing", "req-debug"))
    timing[record["endpoint"].str()] = record;
  ASSERT_EQ(timing.size(), 2u);
  EXPECT_GT(timing["/orders"]["external_ms"].num(), 0);
  EXPECT_EQ(timing["/stock"]["external_ms"].num(), 0);
  // Each lists its child spans: /orders its client call, /stock (another
  // request of its own, with its own breakdown) none.
  const Json children = test::parse_json(timing["/orders"]["spans"].str());
  ASSERT_EQ(children.arr().size(), 1u) << timing["/orders"]["spans"].str();
  EXPECT_EQ(children[0]["name"].str(), "GET");
  EXPECT_EQ(children[0]["parent"].str(), "GET /orders");
  EXPECT_EQ(children[0]["count"].num(), 1);
  EXPECT_GT(children[0]["duration_ms"].num(), 0);
  EXPECT_LE(children[0]["duration_ms"].num(), timing["/orders"]["duration_ms"].num());
  EXPECT_EQ(timing["/stock"]["spans"].str(), "[]");
  EXPECT_EQ(records("debug_request_timing", "req-plain").size(), 0u);

  const std::vector<Json> calls = records("debug_client_request", "req-debug");
  ASSERT_EQ(calls.size(), 1u);
  const std::string headers = calls[0]["request_headers"].str();
  EXPECT_NE(headers.find("Authorization: [REDACTED]"), std::string::npos) << headers;
  EXPECT_NE(headers.find("x-debug-token: [REDACTED]"), std::string::npos) << headers;
  EXPECT_NE(headers.find("Accept: */*"), std::string::npos) << headers;
  EXPECT_EQ(headers.find("downstream-secret"), std::string::npos) << headers;
  EXPECT_EQ(headers.find(token), std::string::npos) << headers;

  // Sampling is always_off: only the debug request's spans are exported.
  const std::vector<SpanData> spans = flushed_spans();
  ASSERT_EQ(spans.size(), 3u); // GET /orders, its client GET, GET /stock
  for (const SpanData& span : spans) {
    const Value* flag = test::find_attribute(span.attributes, "telegen.debug");
    ASSERT_NE(flag, nullptr) << span.name;
    EXPECT_EQ(spans[0].trace_id, span.trace_id);
  }
}

TEST_F(DebugApiTest, AScopeMakesOnlyItsRecordsVerbose) {
  const std::string token = issue(R"({"enable": true, "scope": "resilience"})");
  ASSERT_TRUE(get("/orders", "req-resilience", token));
  EXPECT_EQ(records("retry_considered", "req-resilience").size(), 1u);
  EXPECT_EQ(records("order_lookup", "req-resilience").size(), 0u);
  EXPECT_EQ(records("debug_client_request", "req-resilience").size(), 0u);
  EXPECT_EQ(records("debug_request_timing", "req-resilience").size(), 2u);
}

TEST_F(DebugApiTest, ATokenForAnotherFrontendOrRevokedDoesNothing) {
  const std::string web_only = issue(R"({"enable": true, "frontend_id": "web"})");
  ASSERT_TRUE(get("/orders", "req-cli", web_only, "cli"));
  EXPECT_EQ(records("order_lookup", "req-cli").size(), 0u);

  const std::string token = issue();
  ASSERT_TRUE(ask(R"({"enable": false, "debug_token": ")" + token + "\"}"));
  const httplib::Result answer = get("/orders", "req-revoked", token);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(answer->body, "");
  EXPECT_EQ(records("order_lookup", "req-revoked").size(), 0u);
}

TEST(DebugApiEndpointTest, TelegensOwnEndpointServesItBesideMetrics) {
  DebugApiConfig debug;
  debug.enabled = true;
  debug.callers = {{"alice", DebugRole::admin, admin_token}};
  debug.secret = std::string(32, 'k');
  configure_debug_api(debug);
  HttpServer endpoint("127.0.0.1:0");
  httplib::Client client("127.0.0.1", endpoint.port());
  const httplib::Result answer =
      client.Post("/api/telemetry/debug", {{"Authorization", "Bearer " + admin_token}},
                  R"({"enable": true, "scope": "database"})", "application/json");
  configure_debug_api(DebugApiConfig());
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200) << answer->body;
  EXPECT_EQ(test::parse_json(answer->body)["debug_token"].str().find(".database."), 36u);
}

} // namespace
} // namespace telegen
