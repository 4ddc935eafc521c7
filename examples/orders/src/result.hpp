// What an operation of the orders service returns: a value, or why there is
// none. The instrumenter recognizes it as "expected-like" (has_value() and
// error()), so `status = result` on a function returning it marks the span
// as error when it fails, with the error's message.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace orders {

// Why an operation failed; decides the HTTP status the client gets.
enum class Failure {
  invalid,     // 400: the request is wrong
  declined,    // 402: payments said no
  unavailable, // 503: payments' breaker is open or its bulkhead is full
  upstream,    // 502: payments failed on every attempt
  timeout,     // 504: the order did not complete in time
};

struct Error {
  Failure kind;
  std::string message;
  const std::string& what() const noexcept { return message; }
};

template <typename T> class Result {
public:
  Result(T value) : value_(std::move(value)) {} // NOLINT: implicit, as std::expected
  static Result failure(Failure kind, std::string message) {
    return Result(Error{kind, std::move(message)});
  }

  bool has_value() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  const Error& error() const noexcept { return error_; }

private:
  explicit Result(Error error) : error_(std::move(error)) {}

  std::optional<T> value_;
  Error error_{Failure::invalid, {}};
};

} // namespace orders
