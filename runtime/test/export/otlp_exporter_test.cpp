// The OTLP/HTTP span exporter against a real HTTP server (cpp-httplib) on
// loopback: request shape in both protocols, gzip, partial successes,
// retries with Retry-After and backoff, non-retryable answers, a receiver
// down or slow, cancellation, and the "otlp" name that linking
// telegen::otlp registers.
#include "telegen/otlp.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "export/export_counters.hpp"
#include "telegen/version.hpp"

#include "support/otlp_decode.hpp"
#include "support/otlp_receiver.hpp"
#include "support/telemetry_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

using test::closed_url;
using test::OtlpReceiver;
namespace otlp = test::otlp;

void ok(int, httplib::Response&) {}

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

TEST(OtlpExporter, PostsOtlpProtobufToTheEndpointWithItsHeadersByDefault) {
  OtlpReceiver receiver(ok);
  Config config = config_for(receiver.url("/v1/traces"));
  config.traces.otlp.headers = {{"api-key", "secret-1"}};
  auto exporter = make_otlp_exporter(config);
  Resource resource{{{"service.name", "orders"}}};
  EXPECT_TRUE(exporter->export_batch(resource, one_span()));
  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].path, "/v1/traces");
  EXPECT_EQ(received[0].content_type, "application/x-protobuf");
  EXPECT_EQ(received[0].api_key, "secret-1");
  EXPECT_EQ(received[0].user_agent, "telegen/" TELEGEN_VERSION_STRING);
  const auto request = test::decode_protobuf<otlp::ExportTraceServiceRequest>(received[0].body);
  EXPECT_EQ(request.resource_spans(0).resource().attributes(0).value().string_value(), "orders");
  EXPECT_EQ(request.resource_spans(0).scope_spans(0).spans(0).name(), "test");
}

TEST(OtlpExporter, PostsOtlpJsonWhenAskedTo) {
  OtlpReceiver receiver(ok);
  Config config = config_for(receiver.url("/v1/traces"));
  config.traces.otlp.protocol = OtlpProtocol::http_json;
  EXPECT_TRUE(make_otlp_exporter(config)->export_batch(Resource{}, one_span()));
  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].content_type, "application/json");
  const auto request = test::decode_json<otlp::ExportTraceServiceRequest>(received[0].body);
  EXPECT_EQ(request.resource_spans(0).scope_spans(0).spans(0).name(), "test");
}

TEST(OtlpExporter, GzipsTheBodyWhenAskedTo) {
  OtlpReceiver receiver(ok);
  Config config = config_for(receiver.url("/v1/traces"));
  config.traces.otlp.gzip = true;
  EXPECT_TRUE(make_otlp_exporter(config)->export_batch(Resource{}, one_span()));
  const auto received = receiver.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].content_encoding, "gzip");
  const auto request = test::decode_protobuf<otlp::ExportTraceServiceRequest>(received[0].body);
  EXPECT_EQ(request.resource_spans(0).scope_spans(0).spans(0).name(), "test");
}

TEST(OtlpExporter, CountsAndReportsWhatAPartialSuccessRejected) {
  OtlpReceiver receiver([](int n, httplib::Response& res) {
    otlp::ExportTraceServiceResponse response;
    response.mutable_partial_success()->set_rejected_spans(n == 1 ? 1 : 2);
    response.mutable_partial_success()->set_error_message("span name too long");
    res.set_content(response.SerializeAsString(), "application/x-protobuf");
  });
  const std::uint64_t before = detail::spans_rejected.value();
  testing::internal::CaptureStderr();
  auto exporter = make_otlp_exporter(config_for(receiver.url("/v1/traces")));
  EXPECT_TRUE(exporter->export_batch(Resource{}, one_span())) << "a partial success is delivered";
  EXPECT_TRUE(exporter->export_batch(Resource{}, one_span()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(detail::spans_rejected.value() - before, 3u);
  EXPECT_NE(err.find("rejected 1 of the spans it was sent: span name too long"), std::string::npos)
      << err;
  EXPECT_EQ(err.find("rejected 2"), std::string::npos) << "reported once: " << err;
}

TEST(OtlpExporter, ReadsAJsonPartialSuccess) {
  OtlpReceiver receiver([](int, httplib::Response& res) {
    res.set_content(R"({"partialSuccess":{"rejectedSpans":"4","errorMessage":"too \"old\""}})",
                    "application/json");
  });
  Config config = config_for(receiver.url("/v1/traces"));
  config.traces.otlp.protocol = OtlpProtocol::http_json;
  const std::uint64_t before = detail::spans_rejected.value();
  testing::internal::CaptureStderr();
  EXPECT_TRUE(make_otlp_exporter(config)->export_batch(Resource{}, one_span()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(detail::spans_rejected.value() - before, 4u);
  EXPECT_NE(err.find("rejected 4 of the spans it was sent: too \"old\""), std::string::npos) << err;
}

TEST(OtlpExporter, RetriesAfterWhatRetryAfterSays) {
  OtlpReceiver receiver([](int n, httplib::Response& res) {
    if (n == 1) {
      res.status = 503;
      res.set_header("Retry-After", "1");
      return;
    }
    ok(n, res);
  });
  const auto begin = Clock::now();
  EXPECT_TRUE(make_otlp_exporter(config_for(receiver.url("/v1/traces")))
                  ->export_batch(Resource{}, one_span()));
  EXPECT_GE(Clock::now() - begin, 950ms);
  EXPECT_EQ(receiver.received().size(), 2u);
}

TEST(OtlpExporter, BacksOffOnTooManyRequestsWithoutRetryAfter) {
  OtlpReceiver receiver([](int n, httplib::Response& res) {
    if (n <= 2) {
      res.status = 429;
      return;
    }
    ok(n, res);
  });
  const auto begin = Clock::now();
  EXPECT_TRUE(make_otlp_exporter(config_for(receiver.url("/v1/traces"), 10000ms))
                  ->export_batch(Resource{}, one_span()));
  // Waits of [0.5, 1] s then [1, 2] s.
  EXPECT_GE(Clock::now() - begin, 1500ms);
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST(OtlpExporter, RetriesOnBadGatewayAndGatewayTimeout) {
  OtlpReceiver receiver([](int n, httplib::Response& res) {
    if (n <= 2) {
      res.status = n == 1 ? 502 : 504;
      res.set_header("Retry-After", "0");
      return;
    }
    ok(n, res);
  });
  EXPECT_TRUE(make_otlp_exporter(config_for(receiver.url("/v1/traces")))
                  ->export_batch(Resource{}, one_span()));
  EXPECT_EQ(receiver.received().size(), 3u);
}

TEST(OtlpExporter, DoesNotRetryABadRequest) {
  OtlpReceiver receiver([](int, httplib::Response& res) {
    res.status = 400;
    res.set_content(R"({"message":"bad data"})", "application/json");
  });
  testing::internal::CaptureStderr();
  EXPECT_FALSE(make_otlp_exporter(config_for(receiver.url("/v1/traces")))
                   ->export_batch(Resource{}, one_span()));
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(receiver.received().size(), 1u);
  EXPECT_NE(err.find("HTTP 400"), std::string::npos) << err;
}

TEST(OtlpExporter, GivesUpOnADownReceiverWithinItsTimeout) {
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(make_otlp_exporter(config_for(closed_url("/v1/traces"), 1500ms))
                   ->export_batch(Resource{}, one_span()));
  const auto elapsed = Clock::now() - begin;
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_LT(elapsed, 2500ms);
  EXPECT_NE(err.find("failed"), std::string::npos);
}

TEST(OtlpExporter, GivesUpOnASlowReceiverAtItsTimeout) {
  OtlpReceiver receiver([](int n, httplib::Response& res) {
    std::this_thread::sleep_for(3s);
    ok(n, res);
  });
  testing::internal::CaptureStderr();
  const auto begin = Clock::now();
  EXPECT_FALSE(make_otlp_exporter(config_for(receiver.url("/v1/traces"), 500ms))
                   ->export_batch(Resource{}, one_span()));
  EXPECT_LT(Clock::now() - begin, 1500ms);
  testing::internal::GetCapturedStderr();
}

TEST(OtlpExporter, CancelEndsAWaitBetweenRetries) {
  OtlpReceiver receiver([](int, httplib::Response& res) { res.status = 503; });
  auto exporter = make_otlp_exporter(config_for(receiver.url("/v1/traces"), 60000ms));
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
  auto exporter = make_otlp_exporter(config_for(closed_url("/v1/traces"), 200ms));
  exporter->export_batch(Resource{}, one_span());
  exporter->export_batch(Resource{}, one_span());
  const std::string err = testing::internal::GetCapturedStderr();
  const std::string report = "telegen: OTLP export";
  EXPECT_NE(err.find(report), std::string::npos);
  EXPECT_EQ(err.find(report, err.find(report) + 1), std::string::npos) << err;
}

class OtlpByName : public test::TelemetryTest {};

TEST_F(OtlpByName, OtelTracesExporterOtlpWorksWhenLinked) {
  OtlpReceiver receiver(ok);
  config_.traces.exporters = {"otlp"};
  config_.traces.otlp.endpoint = receiver.url("/v1/traces");
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
  const auto request = test::decode_protobuf<otlp::ExportTraceServiceRequest>(received[0].body);
  EXPECT_EQ(request.resource_spans(0).scope_spans(0).spans(0).name(), "linked");
}

} // namespace
} // namespace telegen
