// DebugSpanTimes: the spans of a request in debug mode by name and parent,
// and their JSON form for debug_request_timing.
#include "telegen/detail/debug_span_times.hpp"

#include "core/json_writer.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <tuple>

namespace telegen::detail {

void DebugSpanTimes::add(std::string_view name, std::string_view parent,
                         std::uint64_t ticks) noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Entry& entry : entries_) {
    if (entry.name == name && entry.parent == parent) {
      ++entry.count;
      entry.ticks += ticks;
      return;
    }
  }
  if (entries_.size() < max_entries) {
    try {
      entries_.push_back({std::string(name), std::string(parent), 1, ticks});
      return;
    } catch (const std::bad_alloc&) {
    }
  }
  ++other_.count;
  other_.ticks += ticks;
}

DebugSpanTimes::Snapshot DebugSpanTimes::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {entries_, other_};
}

namespace {

void write_entry(JsonWriter& out, std::string_view name, std::string_view parent,
                 std::uint64_t count, double milliseconds) {
  out.begin_object().key("name").value(name).key("parent");
  if (parent.empty())
    out.null();
  else
    out.value(parent);
  // To the nanosecond, as spans are timed.
  out.key("count").value(count).key("duration_ms").value(std::round(milliseconds * 1e6) / 1e6);
  out.end_object();
}

} // namespace

std::string DebugSpanTimes::json(double ms_per_tick) const {
  Snapshot times = snapshot();
  std::sort(times.entries.begin(), times.entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(b.ticks, a.name, a.parent) < std::tie(a.ticks, b.name, b.parent);
  });
  std::string text;
  JsonWriter out(text);
  out.begin_array();
  for (const Entry& entry : times.entries)
    write_entry(out, entry.name, entry.parent, entry.count,
                static_cast<double>(entry.ticks) * ms_per_tick);
  if (times.other.count != 0)
    write_entry(out, "(other)", {}, times.other.count,
                static_cast<double>(times.other.ticks) * ms_per_tick);
  out.end_array();
  return text;
}

} // namespace telegen::detail
