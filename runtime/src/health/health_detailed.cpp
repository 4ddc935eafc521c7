// /health/detailed: every dependency's breaker and failures, the executor
// and semaphore gauges, and who the application is.
#include "telegen/health.hpp"

#include "core/clock.hpp"
#include "core/json_writer.hpp"
#include "log/log_format.hpp"
#include "metrics/registry.hpp"
#include "resilience/dependency_registry.hpp"
#include "telemetry/running.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telegen {
namespace {

using detail::FamilySnapshot;
using detail::JsonWriter;

constexpr std::string_view executor_gauges[] = {"executor_active_workers", "executor_pending_tasks",
                                                "executor_max_workers"};

std::optional<std::string_view> attribute(const Resource& resource,
                                          std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys)
    for (const auto& [name, value] : resource.attributes)
      if (name == key)
        return std::string_view(value);
  return std::nullopt;
}

void optional_value(JsonWriter& w, std::optional<std::string_view> value) {
  if (value)
    w.value(*value);
  else
    w.null();
}

class Times {
public:
  // An ISO 8601 UTC time, or null for 0 (never).
  void write(JsonWriter& w, std::uint64_t ticks) const {
    if (ticks == 0) {
      w.null();
      return;
    }
    std::string text;
    detail::append_timestamp(text, clock_.to_unix_nanos(ticks));
    w.value(text);
  }
  double milliseconds(std::uint64_t ticks) const {
    return static_cast<double>(clock_.to_nanos(ticks)) / 1e6;
  }

private:
  detail::TickConverter clock_;
};

void write_dependency(JsonWriter& w, const detail::RegisteredDependency& dependency,
                      const Times& times) {
  const detail::DependencyState::Snapshot s = dependency.state->snapshot();
  w.key(dependency.descriptor->name).begin_object();
  w.key("critical").value(dependency.descriptor->critical);
  w.key("circuit_breaker").value(to_string(s.state));
  w.key("state_since");
  times.write(w, s.changed_ticks);
  w.key("failure_count").value(s.failures);
  w.key("last_failure");
  if (s.last_failure_ticks == 0) {
    w.null();
  } else {
    w.begin_object().key("time");
    times.write(w, s.last_failure_ticks);
    w.key("error").value(std::string_view(s.last_error, s.last_error_size)).end_object();
  }
  w.key("recovered_at");
  times.write(w, s.recovered_ticks);
  w.key("recovery_time_ms");
  if (s.recovered_ticks == 0)
    w.null();
  else
    w.value(times.milliseconds(s.recovery_ticks));
  w.end_object();
}

const FamilySnapshot* find_family(const std::vector<FamilySnapshot>& families,
                                  std::string_view name) {
  for (const FamilySnapshot& family : families)
    if (family.name == name && family.label_names.size() == 1)
      return &family;
  return nullptr;
}

// The value of a one-label gauge's series, if it has one.
std::optional<double> gauge_value(const FamilySnapshot* family, std::string_view label_value) {
  if (family != nullptr)
    for (const detail::SeriesSnapshot& series : family->series)
      if (series.label_values[0] == label_value)
        return series.value;
  return std::nullopt;
}

void write_executors(JsonWriter& w, const std::vector<FamilySnapshot>& families) {
  const FamilySnapshot* active = find_family(families, executor_gauges[0]);
  const FamilySnapshot* pending = find_family(families, executor_gauges[1]);
  const FamilySnapshot* max = find_family(families, executor_gauges[2]);
  w.key("executors").begin_object();
  // The pools are those whose size was reported.
  if (max != nullptr) {
    for (const detail::SeriesSnapshot& series : max->series) {
      const std::string_view pool = series.label_values[0];
      const double active_workers = gauge_value(active, pool).value_or(0);
      w.key(pool).begin_object();
      w.key("active_workers").value(active_workers);
      w.key("pending_tasks").value(gauge_value(pending, pool).value_or(0));
      w.key("max_workers").value(series.value);
      w.key("utilization");
      if (series.value > 0)
        w.value(active_workers / series.value);
      else
        w.null();
      w.end_object();
    }
  }
  w.end_object();
}

void write_semaphores(JsonWriter& w, const std::vector<FamilySnapshot>& families,
                      const std::vector<detail::RegisteredDependency>& dependencies) {
  const FamilySnapshot* available = find_family(families, "semaphore_available");
  w.key("semaphores").begin_object();
  for (const detail::RegisteredDependency& dependency : dependencies) {
    const std::uint64_t capacity = dependency.state->snapshot().semaphore_capacity;
    if (capacity == 0)
      continue;
    const double left = gauge_value(available, dependency.descriptor->name).value_or(0);
    w.key(dependency.descriptor->name).begin_object();
    w.key("available").value(left).key("capacity").value(capacity);
    w.key("utilization").value(1.0 - left / static_cast<double>(capacity)).end_object();
  }
  w.end_object();
}

// unhealthy: a critical dependency's breaker is open; degraded: some
// breaker is not closed; else healthy.
std::string_view overall_status(const std::vector<detail::RegisteredDependency>& dependencies) {
  std::string_view status = "healthy";
  for (const detail::RegisteredDependency& dependency : dependencies) {
    const BreakerState state = dependency.state->snapshot().state;
    if (state == BreakerState::open && dependency.descriptor->critical)
      return "unhealthy";
    if (state != BreakerState::closed)
      status = "degraded";
  }
  return status;
}

} // namespace

HealthResponse health_detailed() {
  const Resource resource = detail::running_resource();
  const std::vector<detail::RegisteredDependency> dependencies = detail::registered_dependencies();
  const std::vector<FamilySnapshot> families = detail::Registry::instance().collect();
  const Times times;

  std::string body;
  JsonWriter w(body);
  w.begin_object().key("status").value(overall_status(dependencies));
  w.key("timestamp");
  times.write(w, detail::now_ticks());
  w.key("application").begin_object();
  w.key("name");
  optional_value(w, attribute(resource, {"service.name"}));
  w.key("env");
  optional_value(w, attribute(resource, {"deployment.environment.name", "deployment.environment"}));
  w.key("version");
  optional_value(w, attribute(resource, {"service.version"}));
  w.end_object();
  w.key("dependencies").begin_object();
  for (const detail::RegisteredDependency& dependency : dependencies)
    write_dependency(w, dependency, times);
  w.end_object();
  write_executors(w, families);
  write_semaphores(w, families, dependencies);
  w.end_object();
  return {200, std::move(body)};
}

} // namespace telegen
