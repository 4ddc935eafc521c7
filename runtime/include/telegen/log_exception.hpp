// Logging the exception being handled, with its stack.
#pragma once

#include "telegen/log.hpp"

#include <string_view>

namespace telegen {

// In a handler (`catch`): writes one record, as telegen::log does, with
// the fields `exception.type` (demangled), `exception.message` (what() of a
// std::exception, null for other types) and `exception.stacktrace` (from
// the calling function up, symbolized: function, file:line), the
// OpenTelemetry names. Outside a handler, type and message are null.
// The stack is taken and symbolized on the calling thread, which costs
// microseconds per frame (milliseconds the first time, when the program's
// debug information is read): for the error path only. Never throws, never
// blocks (a full buffer drops the record, counted). Thread-safe.
//
//   try {
//     charge(order);
//   } catch (const PaymentDeclined&) {
//     telegen::log_exception(telegen::Level::warning, "orders", "charge_declined");
//   }
void log_exception(Level level, std::string_view logger, std::string_view event,
                   detail::SourceLocation where = detail::SourceLocation::current()) noexcept;

} // namespace telegen
