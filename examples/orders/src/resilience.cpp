#include "resilience.hpp"

#include <algorithm>
#include <string>

namespace orders {

namespace resilience = telemetry::resilience;
using telegen::BreakerState;

CircuitBreaker::CircuitBreaker(Dependency dependency, Options options)
    : dependency_(dependency), options_(options) {}

bool CircuitBreaker::allow() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == BreakerState::open &&
      std::chrono::steady_clock::now() - opened_at_ >= options_.reset_timeout)
    move_to_locked(BreakerState::half_open);
  if (state_ == BreakerState::closed)
    return true;
  if (state_ == BreakerState::half_open && trials_in_flight_ < options_.trial_calls) {
    ++trials_in_flight_;
    return true;
  }
  resilience::circuit_breaker_rejected(dependency_)
      .error(state_ == BreakerState::open ? "circuit open" : "circuit half-open, trial calls in flight");
  return false;
}

void CircuitBreaker::on_success() {
  std::lock_guard<std::mutex> lock(mutex_);
  // A call that started before the breaker opened says nothing about now.
  if (state_ == BreakerState::half_open)
    move_to_locked(BreakerState::closed);
  if (state_ == BreakerState::closed)
    failures_ = 0;
}

void CircuitBreaker::on_failure(std::string_view error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (state_ == BreakerState::open)
    return;
  ++failures_;
  if (state_ == BreakerState::half_open || failures_ >= options_.failure_threshold)
    move_to_locked(BreakerState::open, error);
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

void CircuitBreaker::move_to_locked(BreakerState next, std::string_view error) {
  // One call: the opened/half_open/closed event in the log and on the
  // current span, the state gauge, the transitions counter, and the
  // breaker's entry in /health/detailed.
  if (next == BreakerState::open)
    resilience::circuit_breaker_opened(dependency_)
        .from_state(static_cast<resilience::from_state>(state_))
        .failure_count(failures_)
        .threshold(options_.failure_threshold)
        .error(error);
  else
    resilience::breaker_state_changed(dependency_, state_, next);
  state_ = next;
  trials_in_flight_ = 0;
  if (next == BreakerState::open)
    opened_at_ = std::chrono::steady_clock::now();
}

Bulkhead::Bulkhead(Dependency dependency, std::size_t permits, std::chrono::milliseconds max_wait)
    : dependency_(dependency), capacity_(permits), max_wait_(max_wait), available_(permits) {
  resilience::semaphore_permits(dependency_, available_, capacity_);
}

Bulkhead::Permit Bulkhead::acquire() {
  const auto begin = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  if (!released_.wait_for(lock, max_wait_, [this] { return available_ > 0; })) {
    resilience::bulkhead_rejected(dependency_)
        .duration_ms(std::chrono::steady_clock::now() - begin)
        .error("no permit within " + std::to_string(max_wait_.count()) + " ms (" +
               std::to_string(capacity_) + " in use)");
    return Permit();
  }
  --available_;
  resilience::semaphore_permits(dependency_, available_, capacity_);
  resilience::bulkhead_acquired(dependency_, std::chrono::steady_clock::now() - begin);
  return Permit(this);
}

void Bulkhead::release() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++available_;
    resilience::semaphore_permits(dependency_, available_, capacity_);
  }
  released_.notify_one();
}

std::chrono::milliseconds Backoff::delay(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  const auto ceiling =
      std::min<std::int64_t>(cap_.count(), base_.count() << std::min(attempt - 1, 20));
  std::uniform_int_distribution<std::int64_t> pick(0, ceiling);
  return std::chrono::milliseconds(pick(random));
}

} // namespace orders
