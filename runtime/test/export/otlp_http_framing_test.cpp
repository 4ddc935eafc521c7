// The OTLP client's own HTTP/1.1 framing (the request written over a
// CONNECT_ONLY connection, the response read with curl_easy_recv) against a
// raw socket server on loopback that answers byte for byte what each test
// scripts: chunked bodies, a response split across many reads, a kept
// connection the server closed between requests, malformed responses, a
// response that stops before the deadline, a body ended by the connection's
// end, an interim 100 answer, a cancel while the response is awaited, a
// body that fills the socket; libcurl's own request when a proxy is set in
// the environment, and the client's own when no_proxy exempts the endpoint.
#include "telegen/otlp.hpp"
#include "telegen/span.hpp"

#include "export/export_counters.hpp"
#include "export/otlp/otlp_http_client.hpp"
#include "metrics/counters.hpp"

#include "support/otlp_decode.hpp"
#include "support/otlp_receiver.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace otlp = test::otlp;

// A loopback server that reads each request whole (head and Content-Length
// body) and then runs the test's script, which writes the answer itself.
// One thread per connection, served one at a time.
class RawReceiver {
public:
  // Called after request `request` (1-based, over all connections) on
  // connection `connection` (1-based) was read; returns whether to keep
  // reading the connection.
  using Script = std::function<bool(int fd, int connection, int request)>;

  // With `read_body` false, the script runs once the head is read, and
  // the body is left unread. With `slow`, the body is read 64 KiB at a
  // time with a pause of a millisecond between reads, so that a large body
  // fills the client's socket and goes out in pieces. (A receive buffer
  // shrunk below the loopback MSS would stall the connection on TCP's
  // persist timer, for seconds under load.)
  explicit RawReceiver(Script script, bool read_body = true, bool slow = false)
      : script_(std::move(script)), read_body_(read_body), slow_(slow) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 16);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] {
      for (int fd; (fd = accept(listener_, nullptr, nullptr)) >= 0;) {
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        const int connection = ++connections_;
        while (read_request(fd)) {
          if (!script_(fd, connection, ++requests_))
            break;
        }
        close(fd);
      }
    });
  }
  ~RawReceiver() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  RawReceiver(const RawReceiver&) = delete;
  RawReceiver& operator=(const RawReceiver&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/traces"; }
  int connections() const { return connections_.load(); }
  int requests() const { return requests_.load(); }
  std::vector<std::string> heads() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return heads_;
  }
  // The bodies read, when read_body.
  std::vector<std::string> bodies() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_;
  }

private:
  bool read_request(int fd) {
    std::string in;
    char buffer[65536];
    std::size_t end;
    while ((end = in.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = read(fd, buffer, sizeof buffer);
      if (n <= 0)
        return false;
      in.append(buffer, static_cast<std::size_t>(n));
    }
    const std::string head = in.substr(0, end + 4);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      heads_.push_back(head);
    }
    const std::size_t at = head.find("Content-Length: ");
    std::size_t body =
        at == std::string::npos || !read_body_ ? 0 : std::stoul(head.substr(at + 16));
    std::string content = in.substr(end + 4, body);
    while (content.size() < body) {
      if (slow_)
        std::this_thread::sleep_for(1ms);
      const ssize_t n = read(fd, buffer, std::min(sizeof buffer, body - content.size()));
      if (n <= 0)
        return false;
      content.append(buffer, static_cast<std::size_t>(n));
    }
    if (read_body_) {
      std::lock_guard<std::mutex> lock(mutex_);
      bodies_.push_back(std::move(content));
    }
    return true;
  }

  Script script_;
  bool read_body_;
  bool slow_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> heads_;
  std::vector<std::string> bodies_;
};

void write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n <= 0)
      return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

constexpr std::string_view ok_response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

std::vector<SpanData> spans(std::size_t count = 1) {
  SpanData span;
  span.trace_id = {1, 2};
  span.span_id = {3};
  span.name = "test";
  span.start_unix_nanos = 1;
  span.end_unix_nanos = 2;
  return std::vector<SpanData>(count, span);
}

Config config_for(const std::string& endpoint, std::chrono::milliseconds timeout = 5000ms) {
  Config config;
  config.traces.otlp.endpoint = endpoint;
  config.traces.otlp.timeout = timeout;
  return config;
}

std::string partial_success(long long rejected, const std::string& message) {
  otlp::ExportTraceServiceResponse response;
  response.mutable_partial_success()->set_rejected_spans(rejected);
  response.mutable_partial_success()->set_error_message(message);
  return response.SerializeAsString();
}

TEST(OtlpHttpFraming, WritesAnHttp11RequestWithItsHeadersOverAKeptConnection) {
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, ok_response);
    return true;
  });
  Config config = config_for(receiver.url());
  config.traces.otlp.headers = {{"api-key", "secret-1"}};
  config.traces.otlp.gzip = true;
  auto exporter = make_otlp_exporter(config);
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_EQ(receiver.connections(), 1) << "keep-alive";
  const auto heads = receiver.heads();
  ASSERT_EQ(heads.size(), 2u);
  const std::string& head = heads[0];
  EXPECT_EQ(head.rfind("POST /v1/traces HTTP/1.1\r\n", 0), 0u) << head;
  const std::string port = receiver.url().substr(17, receiver.url().find('/', 17) - 17);
  EXPECT_NE(head.find("\r\nHost: 127.0.0.1:" + port + "\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nUser-Agent: telegen/"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Type: application/x-protobuf\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Encoding: gzip\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\napi-key: secret-1\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("\r\nContent-Length: "), std::string::npos) << head;
}

TEST(OtlpHttpFraming, ABodyLargerThanTheSocketBuffersArrivesWholeAfterItsHead) {
  // Head and body go out in one sendmsg over plain TCP; 12 MiB against a
  // reader this slow fill the socket, so the body goes in many pieces, with
  // waits for the socket to take more.
  RawReceiver receiver(
      [](int fd, int, int) {
        write_all(fd, ok_response);
        return true;
      },
      /*read_body=*/true, /*slow=*/true);
  std::vector<SpanData> batch = spans(12);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    batch[i].span_id = {i + 1};
    batch[i].attributes.push_back({"payload", std::string(1 << 20, static_cast<char>('a' + i))});
  }
  auto exporter = make_otlp_exporter(config_for(receiver.url(), 20000ms));
  ASSERT_TRUE(exporter->export_batch(Resource{}, batch));
  ASSERT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_EQ(receiver.connections(), 1);
  const auto heads = receiver.heads();
  const auto bodies = receiver.bodies();
  ASSERT_EQ(bodies.size(), 2u);
  EXPECT_EQ(heads[0].rfind("POST /v1/traces HTTP/1.1\r\n", 0), 0u) << heads[0].substr(0, 200);
  EXPECT_NE(heads[0].find("\r\nContent-Length: " + std::to_string(bodies[0].size()) + "\r\n"),
            std::string::npos)
      << heads[0];
  otlp::ExportTraceServiceRequest request;
  ASSERT_TRUE(request.ParseFromString(bodies[0]));
  const auto& sent = request.resource_spans(0).scope_spans(0).spans();
  ASSERT_EQ(sent.size(), 12);
  std::string letters;
  for (const auto& span : sent) {
    ASSERT_EQ(span.attributes_size(), 1);
    const std::string& value = span.attributes(0).value().string_value();
    ASSERT_EQ(value.size(), 1u << 20);
    EXPECT_EQ(value, std::string(value.size(), value[0]));
    letters += value[0];
  }
  std::sort(letters.begin(), letters.end());
  EXPECT_EQ(letters, "abcdefghijkl");
  ASSERT_TRUE(request.ParseFromString(bodies[1]));
  EXPECT_EQ(request.resource_spans(0).scope_spans(0).spans_size(), 1);
}

TEST(OtlpHttpFraming, ReadsAChunkedBody) {
  const std::string body = partial_success(2, "chunked and counted");
  RawReceiver receiver([&](int fd, int, int) {
    std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
                         "Transfer-Encoding: chunked\r\n\r\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size() - 5);
    answer += "5;name=value\r\n" + body.substr(0, 5) + "\r\n";
    answer += std::string(size) + "\r\n" + body.substr(5) + "\r\n";
    answer += "0\r\nX-Trailer: yes\r\n\r\n";
    write_all(fd, answer);
    return true;
  });
  const std::uint64_t before = detail::spans_rejected.value();
  testing::internal::CaptureStderr();
  auto exporter = make_otlp_exporter(config_for(receiver.url()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans())) << "the connection is still in step";
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(detail::spans_rejected.value() - before, 4u);
  EXPECT_NE(err.find("rejected 2 of the spans it was sent: chunked and counted"), std::string::npos)
      << err;
  EXPECT_EQ(receiver.connections(), 1);
}

TEST(OtlpHttpFraming, ReadsAResponseSplitAcrossManyReads) {
  const std::string body = partial_success(3, "one byte at a time");
  RawReceiver receiver([&](int fd, int, int request) {
    const std::string answer = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\n"
                               "Content-Length: 0\r\n\r\n";
    const std::string second = "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n"
                               "Content-Length: " +
                               std::to_string(body.size()) + "\r\n\r\n" + body;
    for (const char c : request == 1 ? answer : second) {
      write_all(fd, std::string_view(&c, 1));
      std::this_thread::sleep_for(200us);
    }
    return true;
  });
  const std::uint64_t before = detail::spans_rejected.value();
  testing::internal::CaptureStderr();
  EXPECT_TRUE(make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(detail::spans_rejected.value() - before, 3u) << err;
  EXPECT_EQ(receiver.requests(), 2) << "the 503's Retry-After: 0 was read";
  EXPECT_EQ(receiver.connections(), 1);
}

TEST(OtlpHttpFraming, RetriesOnceOnAFreshConnectionWhenTheKeptOneWasClosed) {
  // Each connection serves one request, answered as if kept alive, and is
  // then closed by the server.
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, ok_response);
    return false;
  });
  auto exporter = make_otlp_exporter(config_for(receiver.url()));
  testing::internal::CaptureStderr();
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  std::this_thread::sleep_for(100ms); // the server's FIN arrives
  const auto begin = Clock::now();
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans(20000))) << "a large body too";
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_LT(Clock::now() - begin, 900ms) << "no backoff: retried at once";
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(receiver.connections(), 3);
  EXPECT_EQ(receiver.requests(), 3);
}

TEST(OtlpHttpFraming, FollowsConnectionClose) {
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    return true; // the client closes it
  });
  auto exporter = make_otlp_exporter(config_for(receiver.url()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_EQ(receiver.connections(), 2);
}

TEST(OtlpHttpFraming, ReadsABodyEndedByTheConnectionsEnd) {
  const std::string body = partial_success(1, "no length");
  RawReceiver receiver([&](int fd, int, int) {
    write_all(fd, "HTTP/1.0 200 OK\r\nContent-Type: application/x-protobuf\r\n\r\n" + body);
    return false;
  });
  const std::uint64_t before = detail::spans_rejected.value();
  testing::internal::CaptureStderr();
  auto exporter = make_otlp_exporter(config_for(receiver.url()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  EXPECT_TRUE(exporter->export_batch(Resource{}, spans()));
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(detail::spans_rejected.value() - before, 2u);
  EXPECT_EQ(receiver.connections(), 2);
}

TEST(OtlpHttpFraming, AMalformedStatusLineIsAClearErrorNotRetried) {
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n");
    return true;
  });
  testing::internal::CaptureStderr();
  EXPECT_FALSE(make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("malformed HTTP response from the receiver: status line \"HTTP/1.1 2x0 OK\""),
            std::string::npos)
      << err;
  EXPECT_EQ(receiver.requests(), 1);
}

TEST(OtlpHttpFraming, SomethingOtherThanHttpIsAClearError) {
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, "SSH-2.0-OpenSSH_9.2\r\n");
    return true;
  });
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans()));
  EXPECT_LT(Clock::now() - begin, 1s) << "known bad from its first bytes";
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("malformed HTTP response from the receiver: status line \"SSH-2.0"),
            std::string::npos)
      << err;
}

TEST(OtlpHttpFraming, MalformedHeadersAndChunksAreClearErrors) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", "Content-Length \"12x\""},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", "Content-Length"},
      {"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "header line \"No colon here\""},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", "Transfer-Encoding \"gzip\""},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size \"zz\""},
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n",
       "a chunk not ended by CRLF"},
  };
  for (const auto& [answer, what] : cases) {
    RawReceiver receiver([reply = answer](int fd, int, int) {
      write_all(fd, reply);
      return true;
    });
    testing::internal::CaptureStderr();
    EXPECT_FALSE(make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans()));
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("malformed HTTP response from the receiver: " + std::string(what)),
              std::string::npos)
        << err;
  }
}

TEST(OtlpHttpFraming, AResponseTooLargeIsAnError) {
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5000000\r\n\r\n");
    return true;
  });
  testing::internal::CaptureStderr();
  EXPECT_FALSE(make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("over 4 MiB"), std::string::npos) << err;
}

TEST(OtlpHttpFraming, GivesUpOnAResponseThatStopsHalfWayAtTheDeadline) {
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part of it");
    std::this_thread::sleep_for(1500ms);
    return false;
  });
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(
      make_otlp_exporter(config_for(receiver.url(), 400ms))->export_batch(Resource{}, spans()));
  const auto elapsed = Clock::now() - begin;
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_GE(elapsed, 350ms);
  EXPECT_LT(elapsed, 1000ms);
  EXPECT_NE(err.find("Timeout was reached"), std::string::npos) << err;
}

TEST(OtlpHttpFraming, ACloseInTheMiddleOfTheResponseIsRetried) {
  RawReceiver receiver([](int fd, int, int request) {
    if (request == 1) {
      write_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\ncut short");
      return false;
    }
    write_all(fd, ok_response);
    return true;
  });
  testing::internal::CaptureStderr();
  EXPECT_TRUE(
      make_otlp_exporter(config_for(receiver.url(), 5000ms))->export_batch(Resource{}, spans()));
  testing::internal::GetCapturedStderr();
  EXPECT_EQ(receiver.requests(), 2) << "after a backoff, as for any transient failure";
}

TEST(OtlpHttpFraming, AnAnswerBeforeTheWholeBodyIsTheOutcome) {
  // The receiver answers 413 after the head and closes the connection with
  // most of a large body unread: the send fails, the answer is read.
  RawReceiver receiver(
      [](int fd, int, int) {
        write_all(fd, "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 8\r\n"
                      "Connection: close\r\n\r\ntoo big!");
        return false;
      },
      /*read_body=*/false);
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(
      make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans(200000)));
  EXPECT_LT(Clock::now() - begin, 3s) << "not retried until the timeout";
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("HTTP 413 too big!"), std::string::npos) << err;
  EXPECT_EQ(receiver.requests(), 1);
}

TEST(OtlpHttpFraming, ReadsPastAnInterimResponse) {
  RawReceiver receiver([](int fd, int, int request) {
    write_all(fd, "HTTP/1.1 100 Continue\r\n\r\n");
    write_all(fd, request == 1 ? "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\n"
                                 "Content-Length: 4\r\n\r\nbusy"
                               : ok_response);
    return true;
  });
  testing::internal::CaptureStderr();
  EXPECT_TRUE(make_otlp_exporter(config_for(receiver.url()))->export_batch(Resource{}, spans()));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(receiver.requests(), 2) << "the 503 after the 100 was read, and its Retry-After";
  EXPECT_EQ(receiver.connections(), 1);
}

TEST(OtlpHttpFraming, CancelEndsAWaitForTheResponse) {
  RawReceiver receiver([](int fd, int, int) {
    std::this_thread::sleep_for(2s);
    write_all(fd, ok_response);
    return false;
  });
  auto exporter = make_otlp_exporter(config_for(receiver.url(), 60000ms));
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    exporter->cancel();
  });
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(exporter->export_batch(Resource{}, spans()));
  EXPECT_LT(Clock::now() - begin, 1s);
  const std::string err = testing::internal::GetCapturedStderr();
  canceller.join();
  EXPECT_NE(err.find("cancelled at shutdown"), std::string::npos) << err;
}

TEST(OtlpHttpFraming, AProxyInTheEnvironmentIsHonoured) {
  // The proxy is a port nothing listens on: libcurl's own request through
  // it fails, where a direct connection to the receiver would succeed.
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, ok_response);
    return true;
  });
  const std::string proxy = test::closed_url("");
  setenv("http_proxy", proxy.c_str(), 1);
  for (const char* name : {"no_proxy", "NO_PROXY"})
    unsetenv(name);
  auto exporter = make_otlp_exporter(config_for(receiver.url(), 300ms));
  testing::internal::CaptureStderr();
  EXPECT_FALSE(exporter->export_batch(Resource{}, spans()));
  testing::internal::GetCapturedStderr();
  unsetenv("http_proxy");
  EXPECT_EQ(receiver.requests(), 0);
}

TEST(OtlpHttpFraming, AnEndpointNoProxyExemptsIsReachedDirectly) {
  // The proxy is a port nothing listens on, as above; no_proxy (or
  // NO_PROXY when no_proxy is unset) names the receiver's address.
  RawReceiver receiver([](int fd, int, int) {
    write_all(fd, ok_response);
    return true;
  });
  const std::string proxy = test::closed_url("");
  setenv("http_proxy", proxy.c_str(), 1);
  const detail::OtlpSignal signal{"spans", "rejectedSpans", detail::spans_export_failed,
                                  detail::spans_rejected};
  for (const char* name : {"no_proxy", "NO_PROXY"}) {
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    setenv(name, "localhost, 127.0.0.0/8", 1);
    EXPECT_TRUE(
        detail::OtlpHttpClient(config_for(receiver.url()).traces.otlp, signal).writes_requests())
        << name;
    auto exporter = make_otlp_exporter(config_for(receiver.url(), 2000ms));
    EXPECT_TRUE(exporter->export_batch(Resource{}, spans())) << name;
  }
  // A list that does not name it leaves the request to libcurl, and the
  // proxy.
  setenv("no_proxy", "collector.example.com", 1);
  unsetenv("NO_PROXY");
  EXPECT_FALSE(
      detail::OtlpHttpClient(config_for(receiver.url()).traces.otlp, signal).writes_requests());
  testing::internal::CaptureStderr();
  EXPECT_FALSE(
      make_otlp_exporter(config_for(receiver.url(), 300ms))->export_batch(Resource{}, spans()));
  testing::internal::GetCapturedStderr();
  unsetenv("no_proxy");
  unsetenv("http_proxy");
  EXPECT_EQ(receiver.requests(), 2);
  for (const std::string& head : receiver.heads())
    EXPECT_EQ(head.rfind("POST /v1/traces HTTP/1.1\r\n", 0), 0u) << "origin-form, not a proxy's";
}

} // namespace
} // namespace telegen
