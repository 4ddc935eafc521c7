// A service-like program for the resilience end-to-end test. It has a
// circuit breaker, a retry loop, a timeout and a bulkhead of its own (the
// kind a service writes or takes from a library), and reports what they do
// through the emitters and adapters telegen generates from
// runtime/test/generated/checkout.yaml. The test drives it one step at a
// time on stdin and looks at /metrics, /health/* (TELEGEN_METRICS_ADDR), the
// log file and the span file between steps.
//
// Steps (one per line; each answers "done <step>" once its records are
// written):
//   trip      payments fails three times: the breaker opens, a call is rejected
//   recover   the breaker half-opens and a trial call closes it
//   retry     inventory fails on every attempt: two retries, then exhausted
//   timeout   a payments call runs out of time
//   bulkhead  a full bulkhead rejects one call; another waits over a second
//   orders    the service's own events: an order placed, one not stored
//   drain     begin_shutdown(): /health/ready answers 503 from now on
//   exit      flush and exit
#include "generated/checkout.telegen.hpp"

#include "telegen/health.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

using namespace std::chrono_literals;
using checkout::resilience::dependency;
using telegen::BreakerState;
namespace resilience = checkout::resilience;

constexpr telegen::detail::SpanSite charge_site{"payments.charge", telegen::SpanKind::client,
                                                "charge", "test/e2e/resilience_app.cpp", 50};
constexpr telegen::detail::SpanSite reserve_site{"inventory.reserve", telegen::SpanKind::client,
                                                 "reserve", "test/e2e/resilience_app.cpp", 51};
constexpr telegen::detail::SpanSite place_site{"orders.place", telegen::SpanKind::server, "place",
                                               "test/e2e/resilience_app.cpp", 52};

// The service's own breaker: opens after `threshold` failures in a row,
// lets one trial call through when asked to half-open, closes on its
// success. It reports each state change in one line, through the adapter.
class CircuitBreaker {
public:
  CircuitBreaker(dependency d, int threshold) : dependency_(d), threshold_(threshold) {}

  bool allow() {
    if (state_ != BreakerState::open)
      return true;
    resilience::circuit_breaker_rejected(dependency_).error("circuit open");
    return false;
  }
  void on_success() {
    failures_ = 0;
    move_to(BreakerState::closed);
  }
  void on_failure() {
    if (state_ == BreakerState::half_open || ++failures_ >= threshold_)
      move_to(BreakerState::open);
  }
  // What a reset timeout would do; the test decides when.
  void half_open() { move_to(BreakerState::half_open); }

private:
  void move_to(BreakerState next) {
    resilience::breaker_state_changed(dependency_, state_, next);
    state_ = next;
  }

  dependency dependency_;
  int threshold_;
  int failures_ = 0;
  BreakerState state_ = BreakerState::closed;
};

// A bulkhead of one permit.
class Bulkhead {
public:
  bool try_acquire() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (taken_)
      return false;
    taken_ = true;
    resilience::semaphore_permits(dependency::inventory, 0, 1);
    return true;
  }
  void acquire() {
    const auto begin = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    released_.wait(lock, [&] { return !taken_; });
    taken_ = true;
    resilience::semaphore_permits(dependency::inventory, 0, 1);
    resilience::bulkhead_acquired(dependency::inventory, std::chrono::steady_clock::now() - begin);
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex_);
    taken_ = false;
    resilience::semaphore_permits(dependency::inventory, 1, 1);
    released_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable released_;
  bool taken_ = false;
};

CircuitBreaker payments_breaker(dependency::payments, 3);
Bulkhead inventory_bulkhead;

void charge(bool succeeds) {
  telegen::SpanGuard span(charge_site);
  if (!payments_breaker.allow())
    return;
  if (succeeds)
    payments_breaker.on_success();
  else
    payments_breaker.on_failure();
}

void trip() {
  for (int i = 0; i < 3; ++i)
    charge(false);
  charge(true); // rejected: the breaker is open
}

void recover() {
  payments_breaker.half_open();
  charge(true);
}

void reserve_with_retries() {
  telegen::SpanGuard span(reserve_site);
  constexpr int max_attempts = 3;
  for (int attempt = 1; attempt <= max_attempts; ++attempt) {
    const auto begin = std::chrono::steady_clock::now();
    const std::string error = "connection reset (attempt " + std::to_string(attempt) + ")";
    resilience::attempt_failed(dependency::inventory, attempt, max_attempts, error,
                               std::chrono::steady_clock::now() - begin);
  }
}

void call_with_timeout() {
  telegen::SpanGuard span(charge_site);
  resilience::timeout_exceeded(dependency::payments).duration_ms(2000ms).error("no answer in 2 s");
}

// The first permit stands for a call in flight, which a second thread
// finishes after 1.1 s.
void crowd_the_bulkhead() {
  telegen::SpanGuard span(reserve_site);
  inventory_bulkhead.try_acquire();
  if (!inventory_bulkhead.try_acquire())
    resilience::bulkhead_rejected(dependency::inventory).error("bulkhead full");
  std::thread holder([] {
    std::this_thread::sleep_for(1100ms);
    inventory_bulkhead.release();
  });
  inventory_bulkhead.acquire(); // waits for the holder: over a second
  inventory_bulkhead.release();
  holder.join();
  resilience::executor_status("io", 2, 5, 8);
}

void orders() {
  telegen::SpanGuard span(place_site);
  checkout::order_placed("o-1001", 2)
      .channel(checkout::channel::app)
      .amount(59.9)
      .checkout_time(3500ms)
      .shipping_address("1 Main St");
  checkout::order_store_failed("o-1002").error("disk full");
}

} // namespace

int main() {
  std::cout << "ready" << std::endl;
  for (std::string step; std::getline(std::cin, step);) {
    if (step == "trip")
      trip();
    else if (step == "recover")
      recover();
    else if (step == "retry")
      reserve_with_retries();
    else if (step == "timeout")
      call_with_timeout();
    else if (step == "bulkhead")
      crowd_the_bulkhead();
    else if (step == "orders")
      orders();
    else if (step == "drain")
      telegen::begin_shutdown();
    else if (step == "exit")
      break;
    else {
      std::cerr << "unknown step: " << step << std::endl;
      return 2;
    }
    telegen::force_flush(std::chrono::seconds(10));
    std::cout << "done " << step << std::endl;
  }
  telegen::shutdown();
  return 0;
}
