// The vocabulary of resilience events shared by generated emitters, their
// adapters and the health endpoints: a circuit breaker's state, and how
// durations are given.
//
// Events themselves are generated from the schema (the built-in
// `resilience` schema imported with your dependencies): one call writes the
// log line, updates the metrics and adds the event to the current span.
//
//   telemetry::resilience::retry_attempt(telemetry::resilience::dependency::payments, 2)
//       .error(e.what())
//       .duration_ms(std::chrono::milliseconds(1523));
//
// See docs/resilience.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace telegen {

// A circuit breaker's state. The values are those of the
// circuit_breaker_state gauge, and the order is that of the from_state and
// to_state labels.
enum class BreakerState : std::uint8_t { closed = 0, half_open = 1, open = 2 };

// "closed", "half_open", "open": the label values.
std::string_view to_string(BreakerState state) noexcept;

// What a duration field holds. Events write durations as a JSON number of
// milliseconds with fractions kept (1523.4), as the contract's duration_ms
// says; any std::chrono::duration converts to this implicitly, and emitters
// also take a plain number of milliseconds.
using Milliseconds = std::chrono::duration<double, std::milli>;

} // namespace telegen
