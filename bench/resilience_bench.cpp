// A resilience event on the calling thread: the emitter telegen generates
// from runtime/test/generated/checkout.yaml writes the log record, updates
// the metrics, adds the span event and keeps the dependency's state, with
// the background threads formatting and writing (session.hpp).
//
// The peer, in the same binary: the same event done the common way, with
// the JSON line formatted on the calling thread and written under a mutex
// (a synchronous logger's design), and the counter found by its labels in a
// prometheus-cpp family on every call.
#include "generated/checkout.telegen.hpp"

#include "session.hpp"
#include "telegen/span.hpp"

#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace {

using namespace std::chrono_literals;
using namespace telegen;
using bench::Session;
using checkout::resilience::dependency;
namespace resilience = checkout::resilience;

constexpr detail::SpanSite charge_site{"payments.charge", SpanKind::client, "charge",
                                       "src/payments.cpp", 42};

// The cost a span adds, to subtract from the rows that include one.
void BM_Span_Alone(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    { SpanGuard span(charge_site); }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_Span_Alone);

void BM_RetryAttempt_InSpan(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    {
      SpanGuard span(charge_site);
      resilience::retry_attempt(dependency::payments, 2)
          .max_attempts(3)
          .error("connection reset")
          .duration_ms(1523.4ms);
    }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_RetryAttempt_InSpan);

void BM_RetryAttempt_NoSpan(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    resilience::retry_attempt(dependency::payments, 2)
        .max_attempts(3)
        .error("connection reset")
        .duration_ms(1523.4ms);
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_RetryAttempt_NoSpan);

// A breaker transition also reads and swaps the dependency's state, sets the
// state gauge and counts the transition; ERROR also marks the span.
void BM_BreakerOpenedThenClosed_InSpan(benchmark::State& state) {
  Session session(state);
  for (auto _ : state) {
    {
      SpanGuard span(charge_site);
      resilience::circuit_breaker_opened(dependency::payments).failure_count(5).threshold(5);
      resilience::circuit_breaker_closed(dependency::payments);
    }
    // A flush per 1024 events, as in the other rows, so no queue fills.
    session.tick();
    session.tick();
  }
  state.counters["events_per_iteration"] = 2;
}
TELEGEN_BENCHMARK(BM_BreakerOpenedThenClosed_InSpan);

void BM_RetryAttempt_BelowLogLevel_InSpan(benchmark::State& state) {
  Session session(state, Sampler::parent_based_always_on, Level::error);
  for (auto _ : state) {
    {
      SpanGuard span(charge_site);
      resilience::retry_attempt(dependency::payments, 2).error("connection reset");
    }
    session.tick();
  }
}
TELEGEN_BENCHMARK(BM_RetryAttempt_BelowLogLevel_InSpan);

// ---- the peer ------------------------------------------------------------

class FormattingLogger {
public:
  FormattingLogger() : out_(std::fopen("/dev/null", "w")) {}
  ~FormattingLogger() { std::fclose(out_); }
  FormattingLogger(const FormattingLogger&) = delete;
  FormattingLogger& operator=(const FormattingLogger&) = delete;

  void retry_attempt(const char* dependency, int attempt, int max_attempts, const char* error,
                     double duration_ms, const char* function, int line) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
        1000000;
    std::tm utc;
    gmtime_r(&seconds, &utc);
    char timestamp[32];
    std::strftime(timestamp, sizeof timestamp, "%Y-%m-%dT%H:%M:%S", &utc);
    char line_text[512];
    const int size = std::snprintf(
        line_text, sizeof line_text,
        "{\"timestamp\":\"%s.%06" PRId64 "Z\",\"level\":\"WARNING\",\"logger\":\"resilience\","
        "\"event\":\"retry_attempt\",\"func_name\":\"%s\",\"lineno\":%d,"
        "\"resilience_event\":\"retry_attempt\",\"dependency\":\"%s\",\"duration_ms\":%.17g,"
        "\"attempt\":%d,\"error\":\"%s\",\"max_attempts\":%d}\n",
        timestamp, static_cast<std::int64_t>(micros), function, line, dependency, duration_ms,
        attempt, error, max_attempts);
    std::lock_guard<std::mutex> lock(mutex_);
    std::fwrite(line_text, 1, static_cast<std::size_t>(size), out_);
  }

private:
  std::mutex mutex_;
  std::FILE* out_;
};

void BM_Peer_FormatOnCaller_PrometheusCpp(benchmark::State& state) {
  FormattingLogger logger;
  prometheus::Registry registry;
  auto& retries = prometheus::BuildCounter()
                      .Name("retry_attempts_total")
                      .Help("Retries.")
                      .Register(registry);
  for (auto _ : state) {
    logger.retry_attempt("payments", 2, 3, "connection reset", 1523.4, __func__, __LINE__);
    retries.Add({{"dependency", "payments"}, {"outcome", "retry"}}).Increment();
  }
}
TELEGEN_BENCHMARK(BM_Peer_FormatOnCaller_PrometheusCpp);

} // namespace
