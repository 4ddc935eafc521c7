// The orders service's own circuit breaker, bulkhead and retry backoff: the
// kind of code a service writes or takes from a library. Each reports what
// it does in one line through the adapters telegen generates from the
// resilience schema, so the log line, the metrics and the span event agree.
#pragma once

#include "telemetry.telegen.hpp"

#include <telegen/resilience.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <random>
#include <string_view>

namespace orders {

using Dependency = telemetry::resilience::dependency;

// Closed: calls flow; `failure_threshold` failures in a row open it. Open:
// calls are rejected until `reset_timeout` has passed, then it half-opens.
// Half-open: up to `trial_calls` calls at once go through; a success closes
// the breaker, a failure opens it again.
class CircuitBreaker {
public:
  struct Options {
    int failure_threshold = 10;
    std::chrono::milliseconds reset_timeout{2000};
    int trial_calls = 4;
  };

  CircuitBreaker(Dependency dependency, Options options);

  // Whether a call may go out now. A rejected call is reported
  // (circuit_breaker_rejected).
  bool allow();
  void on_success();
  void on_failure(std::string_view error);

  telegen::BreakerState state() const;

private:
  void move_to_locked(telegen::BreakerState next, std::string_view error = {});

  const Dependency dependency_;
  const Options options_;
  mutable std::mutex mutex_;
  telegen::BreakerState state_ = telegen::BreakerState::closed;
  int failures_ = 0;
  int trials_in_flight_ = 0;
  std::chrono::steady_clock::time_point opened_at_;
};

// At most `permits` calls at once; a call waits up to `max_wait` for a
// permit and is rejected (bulkhead_rejected) after that. A wait over a
// second is reported as contention.
class Bulkhead {
public:
  class Permit {
  public:
    Permit() = default;
    explicit Permit(Bulkhead* owner) : owner_(owner) {}
    Permit(Permit&& other) noexcept : owner_(other.owner_) { other.owner_ = nullptr; }
    Permit& operator=(Permit&&) = delete;
    ~Permit() {
      if (owner_ != nullptr)
        owner_->release();
    }
    explicit operator bool() const noexcept { return owner_ != nullptr; }

  private:
    Bulkhead* owner_ = nullptr;
  };

  Bulkhead(Dependency dependency, std::size_t permits, std::chrono::milliseconds max_wait);

  Permit acquire();

private:
  void release();

  const Dependency dependency_;
  const std::size_t capacity_;
  const std::chrono::milliseconds max_wait_;
  std::mutex mutex_;
  std::condition_variable released_;
  std::size_t available_;
};

// Exponential backoff with full jitter: attempt n waits a random time in
// [0, min(cap, base * 2^(n-1))].
class Backoff {
public:
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap) : base_(base), cap_(cap) {}
  std::chrono::milliseconds delay(int attempt);

private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds cap_;
};

} // namespace orders
