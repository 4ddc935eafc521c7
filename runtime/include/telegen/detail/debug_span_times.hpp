// The spans of one request in debug mode, summed by name and parent: what
// its final record (debug_request_timing) lists. SpanGuard adds each span
// of the request when it ends, on whatever thread. For the runtime only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// Per (span name, parent span name) pair: how many spans ended and their
// summed duration in ticks. At most max_entries pairs; spans of further
// pairs are summed into one `other` entry, so a request with a loop over
// distinct names costs bounded memory. Thread-safe (one mutex, taken only
// by spans of a request in debug mode).
//
//   times.add("db.query", "GET /orders/{id}", end_ticks - start_ticks);
//   const DebugSpanTimes::Snapshot now = times.snapshot();
class DebugSpanTimes {
public:
  static constexpr std::size_t max_entries = 64;

  struct Entry {
    std::string name;
    std::string parent; // empty: the parent span is on another thread or process
    std::uint64_t count = 0;
    std::uint64_t ticks = 0;
  };

  // `parent` is the name of the span enclosing it on the same thread, or
  // empty. Never throws: a pair it cannot allocate goes to `other`.
  void add(std::string_view name, std::string_view parent, std::uint64_t ticks) noexcept;

  struct Snapshot {
    std::vector<Entry> entries; // in order of each pair's first span end
    Entry other;                // the spans beyond max_entries pairs; no name
  };
  Snapshot snapshot() const;

  // The breakdown as a JSON array, longest first (ties by name, then
  // parent): [{"name":..., "parent":... or null, "count":..., "duration_ms":...}],
  // the spans beyond max_entries pairs last as {"name": "(other)", "parent":
  // null, ...} when there are any. Durations are ticks times `ms_per_tick`.
  std::string json(double ms_per_tick) const;

private:
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  Entry other_;
};

} // namespace telegen::detail
