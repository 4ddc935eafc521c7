// TracedRoutes and Client over loopback, with cpp-httplib on both sides.
#include "telegen/httplib.hpp"

#include "telegen/context.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>

namespace telegen {
namespace {

using test::find_attribute;
using test::span_named;

constexpr const char* traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr detail::SpanSite caller_site{"caller", SpanKind::internal, "caller", "test.cpp", 1};
constexpr detail::SpanSite handler_work_site{"work", SpanKind::internal, "work", "test.cpp", 2};

std::string string_attribute(const SpanData& span, std::string_view key) {
  const Value* value = find_attribute(span.attributes, key);
  return value != nullptr && std::holds_alternative<std::string>(*value)
             ? std::get<std::string>(*value)
             : "<absent>";
}

std::int64_t int_attribute(const SpanData& span, std::string_view key) {
  const Value* value = find_attribute(span.attributes, key);
  return value != nullptr && std::holds_alternative<std::int64_t>(*value)
             ? std::get<std::int64_t>(*value)
             : -1;
}

// An httplib::Server on a free loopback port, with traced routes.
class HttplibTest : public test::TelemetryTest {
protected:
  void SetUp() override {
    start();
    http::TracedRoutes routes(server_);
    routes.add("GET", R"(/orders/(\d+))",
               [this](const httplib::Request& request, httplib::Response& response) {
                 seen_ = Context::current();
                 SpanGuard work(handler_work_site);
                 log(Level::info, "orders", "order_read", {{"order", request.matches[1].str()}});
                 response.set_content("order " + request.matches[1].str(), "text/plain");
               });
    routes.add("POST", "/orders", [](const httplib::Request& request, httplib::Response& response) {
      response.status = 201;
      response.set_content(request.body, "text/plain");
    });
    routes.add("GET", "/unavailable",
               [](const httplib::Request&, httplib::Response& response) { response.status = 503; });
    routes.add("GET", "/missing",
               [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
    routes.add("GET", "/throws", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("database down");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ASSERT_TRUE(server_.is_running());
  }
  void TearDown() override {
    server_.stop();
    if (thread_.joinable())
      thread_.join();
    TelemetryTest::TearDown();
  }

  httplib::Result raw_get(const std::string& path, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(5);
    return client.Get(path.c_str(), headers);
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  Context seen_;
};

TEST_F(HttplibTest, AServerSpanContinuesTheCallersTrace) {
  const auto response =
      raw_get("/orders/42", {{"traceparent", traceparent}, {"X-Request-ID", "req-1"}});
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "order 42");
  EXPECT_EQ(response->get_header_value("X-Request-ID"), "req-1");
  EXPECT_TRUE(std::regex_match(response->get_header_value("X-Response-Time"),
                               std::regex(R"(\d+\.\d{3}ms)")))
      << response->get_header_value("X-Response-Time");

  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& server = span_named(spans, R"(GET /orders/(\d+))");
  EXPECT_EQ(server.kind, SpanKind::server);
  EXPECT_EQ(server.trace_id.to_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(server.parent_span_id.to_hex(), "00f067aa0ba902b7");
  EXPECT_TRUE(server.parent_remote);
  EXPECT_EQ(string_attribute(server, "http.request.method"), "GET");
  EXPECT_EQ(string_attribute(server, "http.route"), R"(/orders/(\d+))");
  EXPECT_EQ(string_attribute(server, "url.path"), "/orders/42");
  EXPECT_EQ(string_attribute(server, "client.address"), "127.0.0.1");
  EXPECT_EQ(int_attribute(server, "http.response.status_code"), 200);
  EXPECT_EQ(find_attribute(server.attributes, "error.type"), nullptr);
  EXPECT_EQ(server.status, StatusCode::unset);

  const SpanData& work = span_named(spans, "work");
  EXPECT_EQ(work.parent_span_id, server.span_id) << "the handler runs in the server span";
  EXPECT_EQ(seen_.request().request_id, "req-1");

  const std::vector<std::string> lines = flushed_log_lines();
  ASSERT_EQ(lines.size(), 1u);
  const test::Json line = test::parse_json(lines[0]);
  EXPECT_EQ(line["request_id"].str(), "req-1");
  EXPECT_EQ(line["trace_id"].str(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(line["span_id"].str(), work.span_id.to_hex());
}

TEST_F(HttplibTest, ARequestWithoutContextStartsATraceAndARequestId) {
  const auto response = raw_get("/orders/7", {{"X-Request-ID", "bad id\x01"}});
  ASSERT_TRUE(response);
  const std::string request_id = response->get_header_value("X-Request-ID");
  EXPECT_EQ(request_id.size(), 36u) << "an invalid id is replaced: " << request_id;
  EXPECT_EQ(seen_.request().request_id, request_id);
  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& server = span_named(spans, R"(GET /orders/(\d+))");
  EXPECT_FALSE(server.parent_span_id.valid());
  EXPECT_EQ(server.trace_id, seen_.span_context().trace_id);
}

TEST_F(HttplibTest, ServerErrorsAreErrorsAndClientErrorsAreNot) {
  ASSERT_EQ(raw_get("/unavailable")->status, 503);
  ASSERT_EQ(raw_get("/missing")->status, 404);
  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& unavailable = span_named(spans, "GET /unavailable");
  EXPECT_EQ(unavailable.status, StatusCode::error);
  EXPECT_EQ(int_attribute(unavailable, "http.response.status_code"), 503);
  EXPECT_EQ(string_attribute(unavailable, "error.type"), "503");
  const SpanData& missing = span_named(spans, "GET /missing");
  EXPECT_EQ(missing.status, StatusCode::unset) << "a 4xx is the client's error, not the server's";
  EXPECT_EQ(int_attribute(missing, "http.response.status_code"), 404);
}

TEST_F(HttplibTest, AnExceptionIsRecordedAndStillAnswered500) {
  const auto response = raw_get("/throws", {{"X-Request-ID", "req-throw"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->get_header_value("X-Request-ID"), "req-throw");
  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& span = span_named(spans, "GET /throws");
  EXPECT_EQ(span.status, StatusCode::error);
  EXPECT_EQ(span.status_message, "database down");
  ASSERT_EQ(span.events.size(), 1u);
  EXPECT_EQ(span.events[0].name, "exception");
  EXPECT_EQ(int_attribute(span, "http.response.status_code"), 500);
}

TEST_F(HttplibTest, HeadRequestsOfAGetRouteAreNamedHead) {
  httplib::Client client("127.0.0.1", port_);
  ASSERT_EQ(client.Head("/orders/3")->status, 200);
  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& span = span_named(spans, R"(HEAD /orders/(\d+))");
  EXPECT_EQ(string_attribute(span, "http.request.method"), "HEAD");
}

TEST_F(HttplibTest, OnlyTheMethodsHttplibRoutesCanBeAdded) {
  httplib::Server other;
  http::TracedRoutes routes(other);
  EXPECT_THROW(routes.add("BREW", "/coffee", [](const httplib::Request&, httplib::Response&) {}),
               std::invalid_argument);
  EXPECT_THROW(routes.add("get", "/coffee", [](const httplib::Request&, httplib::Response&) {}),
               std::invalid_argument);
}

TEST_F(HttplibTest, AClientSpanCarriesTheContextToTheServer) {
  http::Client client("127.0.0.1", port_);
  Context caller;
  {
    Scope scope(Context::current().with_request({"req-client", Frontend::cli, "flow-1"}));
    SpanGuard span(caller_site);
    caller = Context::current();
    const auto response = client.get("/orders/5");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->get_header_value("X-Request-ID"), "req-client");
  }
  EXPECT_EQ(seen_.request().request_id, "req-client");
  EXPECT_EQ(seen_.request().frontend, Frontend::cli);
  EXPECT_EQ(seen_.request().correlation_id, "flow-1");

  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& client_span = span_named(spans, "GET");
  const SpanData& server_span = span_named(spans, R"(GET /orders/(\d+))");
  EXPECT_EQ(client_span.kind, SpanKind::client);
  EXPECT_EQ(client_span.parent_span_id, caller.span_context().span_id);
  EXPECT_EQ(server_span.trace_id, caller.span_context().trace_id);
  EXPECT_EQ(server_span.parent_span_id, client_span.span_id)
      << "the traceparent sent names the client span";
  EXPECT_EQ(string_attribute(client_span, "server.address"), "127.0.0.1");
  EXPECT_EQ(int_attribute(client_span, "server.port"), port_);
  EXPECT_EQ(string_attribute(client_span, "url.full"),
            "http://127.0.0.1:" + std::to_string(port_) + "/orders/5");
  EXPECT_EQ(int_attribute(client_span, "http.response.status_code"), 200);
  EXPECT_EQ(client_span.status, StatusCode::unset);
}

TEST_F(HttplibTest, TheClientReplacesContextHeadersTheCallerSetAndSendsTheBody) {
  http::Client client("127.0.0.1", port_);
  SpanGuard span(caller_site);
  const auto response =
      client.post("/orders", "two apples", "text/plain",
                  {{"Traceparent", "00-11111111111111111111111111111111-1111111111111111-01"}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, "two apples");
  const std::vector<SpanData> spans = flushed_spans();
  EXPECT_EQ(span_named(spans, "POST /orders").trace_id, span.context().trace_id);
}

TEST_F(HttplibTest, ClientErrorsAndUnreachableServersAreErrors) {
  http::Client client("127.0.0.1", port_);
  ASSERT_EQ(client.get("/missing")->status, 404);
  server_.stop();
  thread_.join();
  client.connection().set_connection_timeout(2);
  const auto unreachable = client.send([] {
    httplib::Request request;
    request.method = "BREW";
    request.path = "/coffee";
    return request;
  }());
  EXPECT_FALSE(unreachable);

  const std::vector<SpanData> spans = flushed_spans();
  const SpanData& missing = span_named(spans, "GET");
  EXPECT_EQ(missing.status, StatusCode::error) << "a 4xx fails the client's request";
  EXPECT_EQ(string_attribute(missing, "error.type"), "404");
  const SpanData& failed = span_named(spans, "HTTP");
  EXPECT_EQ(string_attribute(failed, "http.request.method"), "_OTHER");
  EXPECT_EQ(failed.status, StatusCode::error);
  EXPECT_EQ(string_attribute(failed, "error.type"), httplib::to_string(unreachable.error()));
}

} // namespace
} // namespace telegen
