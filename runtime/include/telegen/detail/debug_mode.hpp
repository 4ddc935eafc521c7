// A request in debug mode (the Telemetry Debug API, telegen/debug_api.hpp):
// the verified debug token it carries, held by its context's extras so that
// it travels wherever the context does. For the runtime only.
#pragma once

#include "telegen/detail/debug_span_times.hpp"
#include "telegen/request_context.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace telegen::detail {

// Which records a debug token makes verbose: all of them, or those of the
// resilience events, database calls or external (HTTP) calls only.
enum class DebugScope : std::uint8_t { all, resilience, database, external };

// "all", "resilience", "database", "external".
std::string_view to_string(DebugScope scope) noexcept;
std::optional<DebugScope> parse_debug_scope(std::string_view name) noexcept;

// The scope a record of `logger` belongs to: resilience for the built-in
// resilience schema's events (logger "resilience"), external for the HTTP
// client's records (logger "http"), database for loggers named "database"
// or "db"; nullopt for every other logger (only scope all covers them).
std::optional<DebugScope> debug_scope_of(std::string_view logger) noexcept;

// A verified token. While one lives anywhere in the process, the log
// threshold is DEBUG and each record below the configured level is checked
// against the context that writes it; when the last one is destroyed, the
// threshold is the configured level again, so that a process without a
// request in debug mode pays one load and compare per log call, as before.
// Thread-safe; not copyable (one per verified carrier, so one request's,
// shared by its context wherever it goes).
class DebugMode {
public:
  DebugMode(std::string token, std::string id, DebugScope scope, std::optional<Frontend> frontend,
            std::chrono::system_clock::time_point expires_at) noexcept;
  ~DebugMode();
  DebugMode(const DebugMode&) = delete;
  DebugMode& operator=(const DebugMode&) = delete;

  // Whether a record of `logger` below the configured level is written
  // under this mode, now: in its scope (the debug schema's records, logger
  // "debug", in every scope) and before the expiry.
  bool covers(std::string_view logger) const noexcept;
  bool expired() const noexcept { return std::chrono::system_clock::now() >= expires_at; }

  const std::string token; // as received, forwarded as X-Debug-Token
  const std::string id;
  const DebugScope scope;
  const std::optional<Frontend> frontend; // nullopt: every frontend
  const std::chrono::system_clock::time_point expires_at;
  // The request's spans that ended in this process, for its final record.
  // Each verified token is one request's (extract verifies per carrier).
  mutable DebugSpanTimes span_times;
};

// Verifies a token received in a carrier (X-Debug-Token, X_DEBUG_TOKEN) for
// a request from `frontend`: the mode, or null when the token is not valid
// here (the caller ignores it). Set by telegen::http, which holds the
// secret; while none is set, tokens are ignored.
using DebugVerifier = std::shared_ptr<const DebugMode> (*)(std::string_view token,
                                                           Frontend frontend);
void set_debug_verifier(DebugVerifier verifier) noexcept;
DebugVerifier debug_verifier() noexcept;

// Sets the configured log level; the threshold is lower while a DebugMode
// lives. 0: not configured (every record reaches the slow path).
void set_configured_log_level(std::uint8_t level) noexcept;
std::uint8_t configured_log_level() noexcept;

} // namespace telegen::detail
