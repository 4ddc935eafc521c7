// What generated event emitters call: one event of the schema becomes the
// log line and the span event in one call (the emitter updates the metrics
// itself, through the typed handles). For generated code only; see
// docs/resilience.md for the emitters and runtime/test/generated/ for one.
#pragma once

#include "telegen/attribute.hpp"
#include "telegen/detail/metric_descriptor.hpp"
#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace telegen::detail {

// The time of an event. Taken once, it stamps the log record, the span
// event and the dependency's state (a tick read costs about 10 ns).
std::uint64_t event_ticks() noexcept;

// Writes one event of the schema at `ticks`, with `count` values in
// site.fields order:
// - the log line at site.level (when that level is enabled), with trace and
//   request context and `where` (the emitter's caller) as func_name, lineno
//   and source;
// - an event named site.event with the same fields on the calling thread's
//   innermost span; at ERROR and above the span's status becomes error,
//   with the `error` field as its message when that is a non-empty string,
//   else the event's name.
// Never blocks; what does not fit is dropped and counted, as for logs and
// spans. Thread-safe.
//
//   static constexpr std::string_view fields[] = {"dependency", "attempt"};
//   static constexpr EventSite site{Level::warning, "resilience", "retry_attempt", "", 0, "",
//   fields}; const AttributeValue values[] = {"payments", 2}; emit_event(site, values, where,
//   event_ticks());
void emit_event(const EventSite& site, const AttributeValue* values, std::size_t count,
                const SourceLocation& where, std::uint64_t ticks) noexcept;
template <std::size_t N>
inline void emit_event(const EventSite& site, const AttributeValue (&values)[N],
                       const SourceLocation& where, std::uint64_t ticks) noexcept {
  emit_event(site, values, N, where, ticks);
}

// An enumerated value as its schema string. A value outside the
// enumerators (an unchecked cast) is written as its number, so the record
// shows what was passed rather than a wrong name.
template <class Enum, std::enable_if_t<std::is_enum_v<Enum>, int> = 0>
constexpr AttributeValue enum_value(ConstSpan<std::string_view> names, Enum value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  if (index < names.size)
    return names[index];
  return static_cast<std::uint64_t>(index);
}

// An enum field's enumerator as the enumerator of the label it feeds, by a
// generated table in the field's order. A value outside the table (an
// unchecked cast) becomes one outside the label's enumerators, which the
// metric update drops and counts.
template <class To, std::size_t N, class From>
constexpr To map_enum(const To (&table)[N], From value) noexcept {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? table[index] : static_cast<To>(~std::underlying_type_t<To>{});
}

} // namespace telegen::detail
