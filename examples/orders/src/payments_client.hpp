// Charges customers through the payments service, defended by a bulkhead,
// a circuit breaker, retries with backoff and a per-attempt timeout.
#pragma once

#include "order.hpp"
#include "resilience.hpp"
#include "result.hpp"

#include <telegen/annotate.hpp>

#include <chrono>
#include <string>

namespace orders {

struct Receipt {
  std::string payment_id;
};

class PaymentsClient {
public:
  struct Options {
    std::string host = "127.0.0.1";
    int port = 8081;
    int max_attempts = 3;
    std::chrono::milliseconds attempt_timeout{500};
    std::chrono::milliseconds backoff_base{50};
    std::chrono::milliseconds backoff_cap{400};
    std::size_t bulkhead_permits = 3;
    std::chrono::milliseconds bulkhead_wait{300};
    CircuitBreaker::Options breaker;
  };

  explicit PaymentsClient(Options options);

  // A client span with the order id and amount (the card number is
  // redacted: the schema says so), the resilience events of the call on it,
  // and an error status when the charge fails.
  TELEGEN_SPAN("payments.charge",
               attrs("order_id" = order.id, "amount" = order.amount, "card_number" = order.card_number),
               status = result)
  Result<Receipt> charge(const Order& order);

  const CircuitBreaker& breaker() const noexcept { return breaker_; }

private:
  struct Attempt {
    enum Outcome { paid, declined, failed, timed_out } outcome;
    std::string detail; // payment id, or what went wrong
  };
  Attempt attempt(const Order& order);

  const Options options_;
  CircuitBreaker breaker_;
  Bulkhead bulkhead_;
  Backoff backoff_;
};

} // namespace orders
