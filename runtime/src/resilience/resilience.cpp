// The runtime side of generated event emitters: one call writes the log
// line and the span event; per-dependency state for the health endpoints.
#include "telegen/detail/resilience.hpp"
#include "telegen/detail/events.hpp"
#include "telegen/span.hpp"

#include "core/clock.hpp"
#include "log/site_log.hpp"
#include "resilience/dependency_registry.hpp"
#include "trace/site_span_event.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <thread>

namespace telegen {

std::string_view to_string(BreakerState state) noexcept {
  switch (state) {
  case BreakerState::closed:
    return "closed";
  case BreakerState::half_open:
    return "half_open";
  case BreakerState::open:
    return "open";
  }
  return "unknown";
}

namespace detail {
namespace {

// The status message of a span marked by an ERROR event: its `error` field
// when that says something, else the event's name.
std::string_view error_message(const EventSite& site, const AttributeValue* values,
                               std::size_t count) noexcept {
  const std::size_t given = std::min(count, site.fields.size);
  for (std::size_t i = 0; i < given; ++i)
    if (site.fields[i] == "error" && values[i].type() == AttributeValue::Type::string &&
        !values[i].as_string().empty())
      return values[i].as_string();
  return site.event;
}

// The longest prefix of `text` of at most `limit` bytes that does not end
// inside a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t limit) noexcept {
  if (text.size() <= limit)
    return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    --end;
  return text.substr(0, end);
}

struct DependencyList {
  std::mutex mutex;
  std::vector<const DependencyRegistration*> modules;
};

// Never destroyed: modules register during static initialization and the
// health endpoints may read while the process exits.
DependencyList& dependency_list() {
  static DependencyList* list = new DependencyList;
  return *list;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] DependencyList& dependency_list_at_load = dependency_list();

} // namespace

std::uint64_t event_ticks() noexcept { return now_ticks(); }

void emit_event(const EventSite& site, const AttributeValue* values, std::size_t count,
                const SourceLocation& where, std::uint64_t ticks) noexcept {
  if (log_enabled(site.level))
    write_site_log(site, values, count, &where, ticks);
  add_site_span_event(site, values, count, ticks);
  if (site.level >= Level::error)
    set_error(error_message(site, values, count));
}

BreakerState DependencyState::transition(BreakerState to, BreakerState usual_from,
                                         std::uint64_t now) noexcept {
  const std::uint8_t previous =
      breaker_.exchange(static_cast<std::uint8_t>(to), std::memory_order_relaxed);
  const bool was_reported = previous != unreported;
  const auto left = was_reported ? static_cast<BreakerState>(previous) : usual_from;
  changed_ticks_.store(now, std::memory_order_relaxed);
  if (to == BreakerState::closed) {
    failures_.store(0, std::memory_order_relaxed);
    // An outage ends: it started when the breaker left closed.
    if (was_reported && left != BreakerState::closed) {
      recovered_ticks_.store(now, std::memory_order_relaxed);
      recovery_ticks_.store(now - opened_ticks_.load(std::memory_order_relaxed),
                            std::memory_order_relaxed);
    }
  } else if (left == BreakerState::closed || !was_reported) {
    opened_ticks_.store(now, std::memory_order_relaxed);
  }
  return left;
}

void DependencyState::record_failure(const AttributeValue& error, std::uint64_t now) noexcept {
  failures_.fetch_add(1, std::memory_order_relaxed);
  last_failure_ticks_.store(now, std::memory_order_relaxed);
  if (error_busy_.exchange(true, std::memory_order_acquire))
    return;
  const std::string_view text = error.type() == AttributeValue::Type::string
                                    ? utf8_prefix(error.as_string(), error_capacity)
                                    : std::string_view();
  if (!text.empty()) // an empty view's data() may be null, which memcpy must not get
    std::memcpy(last_error_, text.data(), text.size());
  last_error_size_ = text.size();
  error_busy_.store(false, std::memory_order_release);
}

DependencyState::Snapshot DependencyState::snapshot() const noexcept {
  Snapshot s;
  const std::uint8_t state = breaker_.load(std::memory_order_relaxed);
  s.state = state != unreported ? static_cast<BreakerState>(state) : BreakerState::closed;
  s.changed_ticks = changed_ticks_.load(std::memory_order_relaxed);
  s.failures = failures_.load(std::memory_order_relaxed);
  s.last_failure_ticks = last_failure_ticks_.load(std::memory_order_relaxed);
  s.recovered_ticks = recovered_ticks_.load(std::memory_order_relaxed);
  s.recovery_ticks = recovery_ticks_.load(std::memory_order_relaxed);
  s.semaphore_capacity = semaphore_capacity_.load(std::memory_order_relaxed);
  while (error_busy_.exchange(true, std::memory_order_acquire))
    std::this_thread::yield();
  std::memcpy(s.last_error, last_error_, last_error_size_);
  s.last_error_size = last_error_size_;
  error_busy_.store(false, std::memory_order_release);
  return s;
}

void DependencyRegistration::register_self() noexcept {
  DependencyList& list = dependency_list();
  std::lock_guard<std::mutex> lock(list.mutex);
  try {
    list.modules.push_back(this);
  } catch (const std::bad_alloc&) {
    // A registration during static initialization has no caller to report
    // to; its dependencies are left out of the health reports.
  }
}

std::vector<RegisteredDependency> registered_dependencies() {
  DependencyList& list = dependency_list();
  std::lock_guard<std::mutex> lock(list.mutex);
  std::vector<RegisteredDependency> all;
  for (const DependencyRegistration* module : list.modules)
    for (std::size_t i = 0; i < module->descriptors().size; ++i)
      all.push_back({&module->descriptors()[i], &module->state(i)});
  return all;
}

} // namespace detail
} // namespace telegen
