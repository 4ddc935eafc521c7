// The OTLP/HTTP exporter against a real HTTP server (cpp-httplib) on
// loopback: request shape, gzip, retries with Retry-After and backoff,
// non-retryable answers, a receiver down or slow, cancellation, and the
// "otlp" name that linking telegen::otlp registers.
#include "telegen/otlp.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct Received {
  std::string path;
  std::string content_type;
  std::string content_encoding;
  std::string api_key;
  std::string body;
};

// An HTTP server on a free loopback port, answering with `handler`.
class Receiver {
public:
  using Handler = std::function<void(int request_number, httplib::Response&)>;

  explicit Receiver(Handler handler) : handler_(std::move(handler)) {
    server_.Post("/v1/traces", [this](const httplib::Request& req, httplib::Response& res) {
      int number;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        received_.push_back({req.path, req.get_header_value("Content-Type"),
                             req.get_header_value("Content-Encoding"),
                             req.get_header_value("api-key"), req.body});
        number = static_cast<int>(received_.size());
      }
      handler_(number, res);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(2ms);
  }
  ~Receiver() {
    server_.stop();
    thread_.join();
  }

  std::string endpoint() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/v1/traces";
  }
  std::vector<Received> received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

private:
  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Received> received_;
};

void ok(int, httplib::Response& res) { res.set_content("{}", "application/json"); }

// A loopback port nothing listens on: bound to find a free one, then closed.
std::string closed_endpoint() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/v1/traces";
}

std::vector<SpanData> one_span() {
  SpanData span;
  span.trace_id = {1, 2};
  span.span_id = {3};
  span.name = "test";
  span.start_unix_nanos = 1;
  span.end_unix_nanos = 2;
  return {span};
}

Config config_for(const std::string& endpoint, std::chrono::milliseconds timeout = 5000ms) {
  Config config;
  config.traces.otlp.endpoint = endpoint;
  config.traces.otlp.timeout = timeout;
  return config;
}

std::string gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return result == Z_STREAM_END ? out : "";
}

TEST(OtlpExporter, PostsOtlpJsonToTheEndpointWithItsHeaders) {
  Receiver receiver(ok);
  Config config = config_for(receiver.endpoint());
  config.traces.otlp.headers = {{"api-key", "secret-1"}};
  auto exporter = make_otlp_exporter(config);
  Resource resource{{{"service.name", "orders"}}};
  EXPECT_TRUE(exporter->export_batch(resource, one_span()));
  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].path, "/v1/traces");
  EXPECT_EQ(received[0].content_type, "application/json");
  EXPECT_EQ(received[0].api_key, "secret-1");
  const test::Json body = test::parse_json(received[0].body);
  EXPECT_EQ(body["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"].str(), "test");
}

TEST(OtlpExporter, GzipsTheBodyWhenAskedTo) {
  Receiver receiver(ok);
  Config config = config_for(receiver.endpoint());
  config.traces.otlp.gzip = true;
  EXPECT_TRUE(make_otlp_exporter(config)->export_batch(Resource{}, one_span()));
  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].content_encoding, "gzip");
  // Debian's cpp-httplib inflates gzip request bodies itself; inflate here
  // when it did not.
  const std::string& body = received[0].body;
  const std::string json = body.rfind("\x1f\x8b", 0) == 0 ? gunzip(body) : body;
  EXPECT_EQ(test::parse_json(json)["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"].str(),
            "test");
}

TEST(OtlpExporter, RetriesAfterWhatRetryAfterSays) {
  Receiver receiver([](int n, httplib::Response& res) {
    if (n == 1) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      return;
    }
    ok(n, res);
  });
  const auto begin = Clock::now();
  EXPECT_TRUE(
      make_otlp_exporter(config_for(receiver.endpoint()))->export_batch(Resource{}, one_span()));
  EXPECT_GE(Clock::now() - begin, 950ms);
  EXPECT_EQ(receiver.received().size(), 2u);
}

TEST(OtlpExporter, BacksOffOnTooManyRequestsWithoutRetryAfter) {
  Receiver receiver([](int n, httplib::Response& res) {
    if (n <= 2) {
      res.status = 429;
      return;
    }
    ok(n, res);
  });
  const auto begin = Clock::now();
  EXPECT_TRUE(make_otlp_exporter(config_for(receiver.endpoint(), 10000ms))
                  ->export_batch(Resource{}, one_span()));
  // Waits of [0.5, 1] s then [1, 2] s.
  EXPECT_GE(Clock::now() - begin, 1500ms);
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST(OtlpExporter, RetriesOnBadGatewayAndGatewayTimeout) {
  Receiver receiver([](int n, httplib::Response& res) {
    if (n <= 2) {
      res.status = n == 1 ? 502 : 504;
      res.set_header("Retry-After", "0");
      return;
    }
    ok(n, res);
  });
  EXPECT_TRUE(
      make_otlp_exporter(config_for(receiver.endpoint()))->export_batch(Resource{}, one_span()));
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST(OtlpExporter, DoesNotRetryABadRequest) {
  Receiver receiver([](int, httplib::Response& res) {
    res.status = 400;
    res.set_content(R"({"message":"bad data"})", "application/json");
  });
  testing::internal::CaptureStderr();
  EXPECT_FALSE(
      make_otlp_exporter(config_for(receiver.endpoint()))->export_batch(Resource{}, one_span()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(receiver.received().size(), 1u);
  EXPECT_NE(err.find("HTTP 400"), std::string::npos) << err;
}

TEST(OtlpExporter, GivesUpOnADownReceiverWithinItsTimeout) {
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(make_otlp_exporter(config_for(closed_endpoint(), 1500ms))
                   ->export_batch(Resource{}, one_span()));
  const auto elapsed = Clock::now() - begin;
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_LT(elapsed, 2500ms);
  EXPECT_NE(err.find("failed"), std::string::npos);
}

TEST(OtlpExporter, GivesUpOnASlowReceiverAtItsTimeout) {
  Receiver receiver([](int n, httplib::Response& res) {
    std::this_thread::sleep_for(3s);
    ok(n, res);
  });
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(make_otlp_exporter(config_for(receiver.endpoint(), 500ms))
                   ->export_batch(Resource{}, one_span()));
  EXPECT_LT(Clock::now() - begin, 1500ms);
  testing::internal::GetCapturedStderr();
}

TEST(OtlpExporter, CancelEndsAWaitBetweenRetries) {
  Receiver receiver([](int, httplib::Response& res) { res.status = 503; });
  auto exporter = make_otlp_exporter(config_for(receiver.endpoint(), 60000ms));
  std::thread canceller([&] {
    std::this_thread::sleep_for(300ms);
    exporter->cancel();
  });
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(exporter->export_batch(Resource{}, one_span()));
  EXPECT_LT(Clock::now() - begin, 1500ms);
  testing::internal::GetCapturedStderr();
  canceller.join();
}

TEST(OtlpExporter, ReportsAStreakOfFailuresOnce) {
  testing::internal::CaptureStderr();
  auto exporter = make_otlp_exporter(config_for(closed_endpoint(), 200ms));
  exporter->export_batch(Resource{}, one_span());
  exporter->export_batch(Resource{}, one_span());
  const std::string err = testing::internal::GetCapturedStderr();
  const std::string report = "telegen: OTLP export";
  EXPECT_NE(err.find(report), std::string::npos);
  EXPECT_EQ(err.find(report, err.find(report) + 1), std::string::npos) << err;
}

class OtlpByName : public test::TelemetryTest {};

TEST_F(OtlpByName, OtelTracesExporterOtlpWorksWhenLinked) {
  Receiver receiver(ok);
  config_.traces.exporters = {"otlp"};
  config_.traces.otlp.endpoint = receiver.endpoint();
  testing::internal::CaptureStderr();
  telegen::start(config_);
  {
    static constexpr detail::SpanSite site{"linked", SpanKind::internal, "f", "f.cpp", 1};
    SpanGuard span(site);
  }
  ASSERT_TRUE(telegen::force_flush(10s));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  const test::Json body = test::parse_json(received[0].body);
  EXPECT_EQ(body["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"].str(), "linked");
}

} // namespace
} // namespace telegen
