// The health reports as functions (the HTTP side is in
// health_endpoint_test.cpp): readiness from critical breakers, checks,
// timeouts and shutdown; the detailed report's contents.
#include "generated/checkout.telegen.hpp"

#include "support/json.hpp"
#include "support/telemetry_fixture.hpp"
#include "telegen/health.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

namespace telegen {
namespace {

using namespace std::chrono_literals;
using checkout::resilience::dependency;
using test::Json;
using test::parse_json;
namespace resilience = checkout::resilience;

// Checks are never removed, so the tests share one whose answer they set,
// and leave it passing.
enum class Answer { pass, fail, throw_error, hang };
std::atomic<Answer> answer{Answer::pass};
std::atomic<bool> release_hang{false};

void register_check_once() {
  static const bool registered = [] {
    add_readiness_check("database", [] {
      switch (answer.load()) {
      case Answer::pass:
        return true;
      case Answer::fail:
        return false;
      case Answer::throw_error:
        throw std::runtime_error("connection refused");
      case Answer::hang:
        // Bounded, so a failing test cannot leave the thread forever.
        for (int i = 0; i < 1000 && !release_hang.load(); ++i)
          std::this_thread::sleep_for(5ms);
        return true;
      }
      return true;
    });
    return true;
  }();
  (void)registered;
}

class Health : public test::TelemetryTest {
protected:
  void SetUp() override {
    start();
    register_check_once();
    answer = Answer::pass;
    set_readiness_timeout(800ms);
    close(dependency::payments);
    close(dependency::inventory);
  }
  void TearDown() override {
    answer = Answer::pass;
    release_hang = true;
    close(dependency::payments);
    // A hung check's thread finishes before the next test starts one.
    for (int i = 0; i < 400 && health_ready().status != 200; ++i)
      std::this_thread::sleep_for(5ms);
    release_hang = false;
    TelemetryTest::TearDown();
  }
  static void close(dependency d) {
    resilience::breaker_state_changed(d, BreakerState::open, BreakerState::closed);
  }
};

TEST_F(Health, LivenessIsAlwaysHealthy) {
  resilience::circuit_breaker_opened(dependency::payments);
  const HealthResponse live = health_live();
  EXPECT_EQ(live.status, 200);
  EXPECT_EQ(live.body, R"({"status":"healthy"})");
}

TEST_F(Health, ReadyWhileEveryCriticalBreakerIsClosedAndChecksPass) {
  const HealthResponse ready = health_ready();
  EXPECT_EQ(ready.status, 200);
  const Json body = parse_json(ready.body);
  EXPECT_EQ(body["status"].str(), "ready");
  EXPECT_EQ(body["dependencies"]["payments"].str(), "closed");
  EXPECT_FALSE(body["dependencies"].has("inventory")); // not critical
  EXPECT_EQ(body["checks"]["database"]["status"].str(), "pass");
}

TEST_F(Health, NotReadyWhileACriticalBreakerIsOpen) {
  resilience::circuit_breaker_opened(dependency::payments);
  HealthResponse ready = health_ready();
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(parse_json(ready.body)["status"].str(), "not_ready");
  EXPECT_EQ(parse_json(ready.body)["dependencies"]["payments"].str(), "open");

  resilience::circuit_breaker_half_open(dependency::payments); // trial calls go through
  EXPECT_EQ(health_ready().status, 200);
  resilience::circuit_breaker_closed(dependency::payments);
  EXPECT_EQ(health_ready().status, 200);
}

TEST_F(Health, ANonCriticalOpenBreakerDoesNotStopTraffic) {
  resilience::circuit_breaker_opened(dependency::inventory);
  EXPECT_EQ(health_ready().status, 200);
}

TEST_F(Health, AFailingCheckMakesItNotReady) {
  answer = Answer::fail;
  HealthResponse ready = health_ready();
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(parse_json(ready.body)["checks"]["database"]["status"].str(), "fail");

  answer = Answer::throw_error;
  ready = health_ready();
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(parse_json(ready.body)["checks"]["database"]["error"].str(), "connection refused");
}

TEST_F(Health, ACheckThatDoesNotAnswerInTimeFailsWithinTheTimeout) {
  set_readiness_timeout(100ms);
  answer = Answer::hang;
  const auto start = std::chrono::steady_clock::now();
  HealthResponse ready = health_ready();
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(ready.status, 503);
  const Json check = parse_json(ready.body)["checks"]["database"];
  EXPECT_EQ(check["status"].str(), "timeout");
  EXPECT_EQ(check["error"].str(), "no answer within 100 ms");
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 2s); // generous: the machine is shared

  // Still running: the next request waits for the same run, not a new one.
  answer = Answer::pass;
  EXPECT_EQ(health_ready().status, 503);
}

TEST_F(Health, ChecksRunInParallelUnderOneDeadline) {
  static std::atomic<int> running{0};
  static std::atomic<int> most{0};
  static std::atomic<bool> slow{false};
  static const bool registered = [] {
    for (const char* name : {"cache", "queue", "search"})
      add_readiness_check(name, [] {
        if (!slow.load())
          return true;
        most = std::max(most.load(), ++running);
        std::this_thread::sleep_for(150ms);
        --running;
        return true;
      });
    return true;
  }();
  (void)registered;
  slow = true;
  set_readiness_timeout(2s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(health_ready().status, 200);
  const auto took = std::chrono::steady_clock::now() - start;
  slow = false;
  EXPECT_EQ(most.load(), 3);
  EXPECT_LT(took, 450ms * 2); // three 150 ms checks one after another would take 450 ms
}

TEST_F(Health, NotReadyOnceShutdownBegins) {
  // begin_shutdown() cannot be undone: a child process checks it.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        const bool ready_before = health_ready().status == 200;
        begin_shutdown();
        const HealthResponse after = health_ready();
        std::exit(ready_before && after.status == 503 &&
                          after.body == R"({"status":"not_ready","shutting_down":true})" &&
                          health_live().status == 200
                      ? 0
                      : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

class HealthDetailed : public test::TelemetryTest {};

TEST_F(HealthDetailed, ReportsEveryDependencyTheApplicationAndTheGauges) {
  config_.service_name = "checkout";
  config_.resource_attributes = {{"service.version", "1.4.2"},
                                 {"deployment.environment.name", "staging"}};
  start();
  resilience::circuit_breaker_opened(dependency::inventory);
  resilience::circuit_breaker_closed(dependency::inventory); // an outage, recovered
  resilience::circuit_breaker_closed(dependency::payments);
  resilience::retry_attempt(dependency::payments, 1).error("connection reset");
  resilience::circuit_breaker_opened(dependency::payments);
  resilience::executor_status("io", 6, 2, 8);
  resilience::semaphore_permits(dependency::payments, 1, 4);

  const HealthResponse detailed = health_detailed();
  EXPECT_EQ(detailed.status, 200);
  const Json body = parse_json(detailed.body);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)");
  EXPECT_EQ(body["status"].str(), "unhealthy"); // a critical breaker is open
  EXPECT_TRUE(std::regex_match(body["timestamp"].str(), iso));
  EXPECT_EQ(body["application"]["name"].str(), "checkout");
  EXPECT_EQ(body["application"]["env"].str(), "staging");
  EXPECT_EQ(body["application"]["version"].str(), "1.4.2");

  const Json& payments = body["dependencies"]["payments"];
  EXPECT_EQ(payments["critical"].boolean(), true);
  EXPECT_EQ(payments["circuit_breaker"].str(), "open");
  EXPECT_TRUE(std::regex_match(payments["state_since"].str(), iso));
  EXPECT_EQ(payments["failure_count"].num(), 1);
  EXPECT_EQ(payments["last_failure"]["error"].str(), "connection reset");
  EXPECT_TRUE(std::regex_match(payments["last_failure"]["time"].str(), iso));

  const Json& inventory = body["dependencies"]["inventory"];
  EXPECT_EQ(inventory["critical"].boolean(), false);
  EXPECT_EQ(inventory["circuit_breaker"].str(), "closed");
  EXPECT_TRUE(std::regex_match(inventory["recovered_at"].str(), iso));
  EXPECT_GE(inventory["recovery_time_ms"].num(), 0);

  const Json& io = body["executors"]["io"];
  EXPECT_EQ(io["active_workers"].num(), 6);
  EXPECT_EQ(io["pending_tasks"].num(), 2);
  EXPECT_EQ(io["max_workers"].num(), 8);
  EXPECT_EQ(io["utilization"].num(), 0.75);
  const Json& semaphore = body["semaphores"]["payments"];
  EXPECT_EQ(semaphore["available"].num(), 1);
  EXPECT_EQ(semaphore["capacity"].num(), 4);
  EXPECT_EQ(semaphore["utilization"].num(), 0.75);

  resilience::circuit_breaker_half_open(dependency::payments);
  EXPECT_EQ(parse_json(health_detailed().body)["status"].str(), "degraded");
  resilience::circuit_breaker_closed(dependency::payments);
  EXPECT_EQ(parse_json(health_detailed().body)["status"].str(), "healthy");
}

} // namespace
} // namespace telegen
