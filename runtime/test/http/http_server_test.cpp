// The built-in endpoint, served by cpp-httplib and scraped with its client
// over loopback.
#include "telegen/http_server.hpp"

#include "generated/telemetry.telegen.hpp"
#include "support/exposition_parser.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>

namespace telegen {
namespace {

// What Prometheus 2.42 sends.
const char* const kPrometheusAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

httplib::Result get(const HttpServer& server, const char* path, httplib::Headers headers = {}) {
  httplib::Client client("127.0.0.1", server.port());
  client.set_connection_timeout(2);
  client.set_read_timeout(5);
  return client.Get(path, headers);
}

TEST(HttpServer, ServesTheTextFormatByDefault) {
  HttpServer server("127.0.0.1:0");
  ASSERT_NE(server.port(), 0);
  telemetry::jobs_enqueued_total.add(3, telemetry::queue::reports);

  const auto response = get(server, "/metrics");
  ASSERT_TRUE(response) << httplib::to_string(response.error());
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_EQ(response->get_header_value("Vary"), "Accept");
  const test::Exposition exposition = test::parse_exposition(response->body);
  EXPECT_GE(exposition.find("jobs_enqueued_total", {{"queue", "reports"}}).value_or(0), 3);
}

TEST(HttpServer, ServesOpenMetricsToPrometheus) {
  HttpServer server("127.0.0.1:0");
  const auto response = get(server, "/metrics", {{"Accept", kPrometheusAccept}});
  ASSERT_TRUE(response);
  EXPECT_EQ(response->get_header_value("Content-Type"),
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
  EXPECT_EQ(response->body.substr(response->body.size() - 6), "# EOF\n");
}

TEST(HttpServer, AnswersOtherPathsWithNotFound) {
  HttpServer server("127.0.0.1:0");
  const auto response = get(server, "/metricsx");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
}

TEST(HttpServer, StopsPromptlyWithAnIdleKeepAliveConnectionOpen) {
  HttpServer server("127.0.0.1:0");
  httplib::Client client("127.0.0.1", server.port());
  client.set_keep_alive(true);
  ASSERT_TRUE(client.Get("/metrics"));

  const auto start = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  server.stop(); // a second stop is harmless

  httplib::Client after("127.0.0.1", server.port());
  after.set_connection_timeout(1);
  EXPECT_FALSE(after.Get("/metrics")) << "nothing listens after stop()";
}

TEST(HttpServer, StopsWithinASecondOfAClientThatStalls) {
  HttpServer server("127.0.0.1:0");
  // A client that sends half a request line and nothing more.
  const int stalled = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(stalled, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(stalled, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  const char partial[] = "GET /metr";
  ASSERT_EQ(send(stalled, partial, sizeof partial - 1, 0),
            static_cast<ssize_t>(sizeof partial - 1));
  // Connections are accepted in order: once a later one is answered, the
  // stalled one is in a worker's hands.
  ASSERT_TRUE(get(server, "/metrics"));

  const auto start = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  close(stalled);
}

void expect_invalid_address(const char* address, const char* reason) {
  try {
    HttpServer server(address);
    ADD_FAILURE() << address << " accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("e.g. 127.0.0.1:9464"), std::string::npos);
  }
}

TEST(HttpServer, RejectsMalformedAddressesSayingWhatIsWrong) {
  expect_invalid_address("localhost", "'localhost' has no port");
  expect_invalid_address("127.0.0.1:http", "has no valid port");
  expect_invalid_address("127.0.0.1:65536", "has no valid port");
  expect_invalid_address("127.0.0.1:", "has no valid port");
  expect_invalid_address("::1:9464", "IPv6 host without brackets");
}

TEST(HttpServer, ListensOnIpv6LoopbackInBrackets) {
  try {
    HttpServer server("[::1]:0");
    httplib::Client client("::1", server.port());
    client.set_connection_timeout(2);
    const auto response = client.Get("/metrics");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  } catch (const std::runtime_error& error) {
    GTEST_SKIP() << "no IPv6 loopback here: " << error.what();
  }
}

TEST(HttpServer, RefusesAPortAnotherServerListensOn) {
  HttpServer first("127.0.0.1:0");
  const std::string taken = "127.0.0.1:" + std::to_string(first.port());
  try {
    HttpServer second(taken);
    ADD_FAILURE() << "two servers on " << taken;
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot listen on " + taken), std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("in use"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(get(first, "/metrics")) << "the first server still serves";
}

} // namespace
} // namespace telegen
