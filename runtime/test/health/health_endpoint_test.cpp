// The health reports over HTTP, on the same endpoint as /metrics: paths,
// status codes, headers and the bearer token of /health/detailed.
#include "telegen/http_server.hpp"

#include "generated/checkout.telegen.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <string>

namespace telegen {
namespace {

using checkout::resilience::dependency;
namespace resilience = checkout::resilience;

httplib::Result get(const HttpServer& server, const char* path, httplib::Headers headers = {}) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  return client.Get(path, headers);
}

// Sets TELEGEN_HEALTH_TOKEN for one test.
class HealthToken {
public:
  explicit HealthToken(const char* token) { setenv("TELEGEN_HEALTH_TOKEN", token, 1); }
  ~HealthToken() { unsetenv("TELEGEN_HEALTH_TOKEN"); }
  HealthToken(const HealthToken&) = delete;
  HealthToken& operator=(const HealthToken&) = delete;
};

// Events log to a fresh directory.
class HealthEndpoint : public test::TelemetryTest {
protected:
  void SetUp() override { start(); }
};

TEST_F(HealthEndpoint, LivenessBesideMetrics) {
  HttpServer server("127.0.0.1:0");
  const auto live = get(server, "/health");
  ASSERT_TRUE(live) << httplib::to_string(live.error());
  EXPECT_EQ(live->status, 200);
  EXPECT_EQ(live->body, R"({"status":"healthy"})");
  EXPECT_EQ(live->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(live->get_header_value("Cache-Control"), "no-store");
  const auto metrics = get(server, "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("circuit_breaker_state{dependency=\"payments\"}"),
            std::string::npos);
}

TEST_F(HealthEndpoint, ReadinessFollowsTheCriticalBreaker) {
  HttpServer server("127.0.0.1:0");
  resilience::circuit_breaker_opened(dependency::payments);
  auto ready = get(server, "/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_NE(ready->body.find(R"("status":"not_ready")"), std::string::npos);
  resilience::circuit_breaker_half_open(dependency::payments);
  resilience::circuit_breaker_closed(dependency::payments);
  ready = get(server, "/health/ready");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_NE(ready->body.find(R"("status":"ready")"), std::string::npos);
}

TEST_F(HealthEndpoint, DetailedIsOpenWithoutAToken) {
  HttpServer server("127.0.0.1:0");
  const auto detailed = get(server, "/health/detailed");
  ASSERT_TRUE(detailed);
  EXPECT_EQ(detailed->status, 200);
  EXPECT_NE(detailed->body.find(R"("payments":{"critical":true)"), std::string::npos);
}

TEST_F(HealthEndpoint, DetailedAsksForTheBearerTokenWhenOneIsSet) {
  HealthToken token("s3cret-token");
  HttpServer server("127.0.0.1:0");
  auto response = get(server, "/health/detailed");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_EQ(response->get_header_value("WWW-Authenticate"), "Bearer realm=\"telegen\"");
  EXPECT_EQ(response->body.find("payments"), std::string::npos);

  for (const char* wrong : {"Bearer s3cret-toke", "Bearer s3cret-token2", "Basic s3cret-token",
                            "Bearer ", "s3cret-token"}) {
    response = get(server, "/health/detailed", {{"Authorization", wrong}});
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 401) << wrong;
  }
  response = get(server, "/health/detailed", {{"Authorization", "Bearer s3cret-token"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);

  // Liveness and readiness stay open to probes.
  EXPECT_EQ(get(server, "/health")->status, 200);
  EXPECT_NE(get(server, "/health/ready")->status, 401);
}

} // namespace
} // namespace telegen
