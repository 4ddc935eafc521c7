// Structured logs: one JSON line per record, formatted and written by a
// background thread. The calling thread only copies the values into its
// own buffer.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/request_context.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace telegen {

// Python logging's levels and numbers, as the log schema spells them.
enum class Level : std::uint8_t { debug = 10, info = 20, warning = 30, error = 40, critical = 50 };

// What becomes of a record when the calling thread's log buffer is full.
enum class Delivery : std::uint8_t {
  // Dropped and counted in telegen_log_records_dropped_total: the caller
  // never waits. The default.
  best_effort,
  // Never dropped: the caller waits for room (LogsConfig::guaranteed_wait,
  // TELEGEN_LOG_GUARANTEED_WAIT_MS), then writes the record to the file
  // itself. For audit, security and compliance records.
  guaranteed,
};

// "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL".
std::string_view to_string(Level level) noexcept;
// Those names in any case, and "WARN"; nothing for anything else.
std::optional<Level> parse_level(std::string_view name) noexcept;

namespace detail {

// The configured threshold. 0 until the runtime has read its configuration,
// so that early records reach the slow path, which reads it first.
inline std::atomic<std::uint8_t> log_threshold{0};

// Where a log call was written; filled in by default arguments.
struct SourceLocation {
  const char* function;
  const char* file;
  std::uint32_t line;

  static constexpr SourceLocation current(const char* function = __builtin_FUNCTION(),
                                          const char* file = __builtin_FILE(),
                                          std::uint32_t line = __builtin_LINE()) noexcept {
    return {function, file, line};
  }
};

// `count` values in site.fields order. `where`, when given, is the caller of
// a generated emitter, written instead of the site's own location.
void write_log(const EventSite& site, const AttributeValue* values, std::size_t count,
               const SourceLocation* where) noexcept;
void write_log(Level level, std::string_view logger, std::string_view event,
               std::initializer_list<Attribute> fields, const SourceLocation& where,
               Source source = Source::unknown,
               Delivery delivery = Delivery::best_effort) noexcept;

} // namespace detail

// Whether records at `level` are written. Thread-safe (a relaxed load).
inline bool log_enabled(Level level) noexcept {
  return static_cast<std::uint8_t>(level) >= detail::log_threshold.load(std::memory_order_relaxed);
}

// Writes one log record with the calling thread's context: request_id,
// correlation_id and frontend in a request's context, trace_id and span_id,
// `source` (the origin, see bind_source), the bound fields (see
// bind_fields), then `fields`. Logger, event and field names and string
// values are copied; values of sensitive keys (password, token,
// authorization, ...) are written as "[REDACTED]". Never blocks: when the
// thread's log buffer is full the record is dropped and counted in
// telegen_log_records_dropped_total (see the Delivery overload below for
// records that must not be). Thread-safe.
//
//   telegen::log(telegen::Level::info, "orders", "order_placed",
//                {{"order_id", id}, {"amount", 12.5}, {"express", true}});
inline void log(Level level, std::string_view logger, std::string_view event,
                std::initializer_list<Attribute> fields = {},
                detail::SourceLocation where = detail::SourceLocation::current()) noexcept {
  if (log_enabled(level))
    detail::write_log(level, logger, event, fields, where);
}

// log() with a delivery policy: Delivery::guaranteed for a record that must
// not be lost (an audit or security event). Such a record may make the
// caller wait while the thread's buffer is full, up to the configured limit
// (100 ms by default), after which the caller writes it itself; the time
// callers waited is counted in telegen_log_guaranteed_wait_seconds_total.
//
//   telegen::log(telegen::Delivery::guaranteed, telegen::Level::warning, "auth",
//                "login_failed", {{"user", user}, {"remote_ip", ip}});
inline void log(Delivery delivery, Level level, std::string_view logger, std::string_view event,
                std::initializer_list<Attribute> fields = {},
                detail::SourceLocation where = detail::SourceLocation::current()) noexcept {
  if (log_enabled(level))
    detail::write_log(level, logger, event, fields, where, Source::unknown, delivery);
}

// log() with the record's origin given: `source` instead of the context's
// (Source::unknown: the context's). For records whose origin the call knows
// better than the context, such as a scheduler's.
//
//   telegen::log_with_source(telegen::Source::internal, telegen::Level::info, "cache",
//                            "cache_refreshed", {{"entries", n}});
inline void log_with_source(Source source, Level level, std::string_view logger,
                            std::string_view event, std::initializer_list<Attribute> fields = {},
                            detail::SourceLocation where = detail::SourceLocation::current()) noexcept {
  if (log_enabled(level))
    detail::write_log(level, logger, event, fields, where, source);
}

namespace detail {

// For generated event emitters: the same record from a static site, with
// the values in site.fields order (missing trailing values are written as
// null, extra ones ignored). Names are not copied.
inline void emit_log(const EventSite& site, std::initializer_list<AttributeValue> values) noexcept {
  if (log_enabled(site.level))
    write_log(site, values.begin(), values.size(), nullptr);
}

} // namespace detail

} // namespace telegen
