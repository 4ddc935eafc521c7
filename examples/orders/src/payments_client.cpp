#include "payments_client.hpp"

#include <telegen/httplib.hpp>

#include <cstdio>
#include <thread>
#include <utility>

namespace orders {

namespace resilience = telemetry::resilience;

PaymentsClient::PaymentsClient(Options options)
    : options_(std::move(options)), breaker_(Dependency::payments, options_.breaker),
      bulkhead_(Dependency::payments, options_.bulkhead_permits, options_.bulkhead_wait),
      backoff_(options_.backoff_base, options_.backoff_cap) {}

Result<Receipt> PaymentsClient::charge(const Order& order) {
  const Bulkhead::Permit permit = bulkhead_.acquire();
  if (!permit)
    return Result<Receipt>::failure(Failure::unavailable, "payments: too many calls in flight");

  for (int attempt = 1;; ++attempt) {
    if (!breaker_.allow())
      return Result<Receipt>::failure(Failure::unavailable, "payments: circuit open");

    const auto begin = std::chrono::steady_clock::now();
    const Attempt outcome = this->attempt(order);
    const auto took = std::chrono::steady_clock::now() - begin;

    switch (outcome.outcome) {
    case Attempt::paid:
      breaker_.on_success();
      resilience::attempt_succeeded(Dependency::payments, attempt);
      return Receipt{outcome.detail};
    case Attempt::declined: // payments works; the card does not
      breaker_.on_success();
      resilience::attempt_succeeded(Dependency::payments, attempt);
      return Result<Receipt>::failure(Failure::declined, "payments: " + outcome.detail);
    case Attempt::timed_out:
      resilience::timeout_exceeded(Dependency::payments)
          .attempt(attempt)
          .duration_ms(took)
          .error(outcome.detail);
      [[fallthrough]];
    case Attempt::failed:
      breaker_.on_failure(outcome.detail);
      // retry_attempt while attempts remain, retry_exhausted on the last.
      resilience::attempt_failed(Dependency::payments, attempt, options_.max_attempts, outcome.detail,
                                 took);
      if (attempt >= options_.max_attempts)
        return Result<Receipt>::failure(Failure::upstream, "payments: " + outcome.detail + " (after " +
                                                               std::to_string(attempt) + " attempts)");
      std::this_thread::sleep_for(backoff_.delay(attempt));
    }
  }
}

PaymentsClient::Attempt PaymentsClient::attempt(const Order& order) {
  // One connection per attempt: a timed-out connection is not reused.
  telegen::http::Client client(options_.host, options_.port, "payments");
  const auto timeout = std::chrono::duration_cast<std::chrono::microseconds>(options_.attempt_timeout);
  const time_t seconds = static_cast<time_t>(timeout.count() / 1000000);
  const time_t microseconds = static_cast<time_t>(timeout.count() % 1000000);
  client.connection().set_connection_timeout(seconds, microseconds);
  client.connection().set_read_timeout(seconds, microseconds);
  client.connection().set_write_timeout(seconds, microseconds);

  char amount[32];
  std::snprintf(amount, sizeof amount, "%.2f", order.amount);
  const std::string body = "order_id=" + std::to_string(order.id) + "&amount=" + amount +
                           "&method=" + std::string(to_string(order.payment_method)) +
                           "&card_number=" + order.card_number;
  const auto begin = std::chrono::steady_clock::now();
  const httplib::Result result =
      client.post("/charges", body, "application/x-www-form-urlencoded");
  if (!result) {
    const bool out_of_time = std::chrono::steady_clock::now() - begin >= options_.attempt_timeout;
    if (out_of_time)
      return {Attempt::timed_out,
              "no answer within " + std::to_string(options_.attempt_timeout.count()) + " ms"};
    return {Attempt::failed, "no answer: " + httplib::to_string(result.error())};
  }
  if (result->status == 201)
    return {Attempt::paid, result->body};
  if (result->status == 402)
    return {Attempt::declined, result->body.empty() ? "declined" : result->body};
  return {Attempt::failed, "HTTP " + std::to_string(result->status) +
                               (result->body.empty() ? "" : ": " + result->body)};
}

} // namespace orders
