// Liveness and readiness (the checks themselves are readiness_checks.cpp).
#include "telegen/health.hpp"

#include "core/json_writer.hpp"
#include "health/readiness_checks.hpp"
#include "resilience/dependency_registry.hpp"

#include <atomic>
#include <utility>
#include <vector>

namespace telegen {
namespace {

// Lock-free, so begin_shutdown() may run in a signal handler.
std::atomic<bool> shutdown_begun{false};
static_assert(std::atomic<bool>::is_always_lock_free);

HealthResponse json_response(int status, std::string body) { return {status, std::move(body)}; }

} // namespace

HealthResponse health_live() { return json_response(200, "{\"status\":\"healthy\"}"); }

HealthResponse health_ready() {
  std::string body;
  detail::JsonWriter w(body);
  if (shutting_down()) {
    w.begin_object().key("status").value("not_ready").key("shutting_down").value(true).end_object();
    return json_response(503, std::move(body));
  }

  const std::vector<detail::CheckOutcome> checks = detail::run_readiness_checks();
  bool ready = true;
  std::vector<std::pair<std::string_view, BreakerState>> critical;
  for (const detail::RegisteredDependency& dependency : detail::registered_dependencies()) {
    if (!dependency.descriptor->critical)
      continue;
    const BreakerState state = dependency.state->snapshot().state;
    ready &= state != BreakerState::open;
    critical.emplace_back(dependency.descriptor->name, state);
  }
  for (const detail::CheckOutcome& check : checks)
    ready &= check.status == "pass" || check.status == "not_configured";

  w.begin_object().key("status").value(ready ? "ready" : "not_ready");
  w.key("shutting_down").value(false).key("dependencies").begin_object();
  for (const auto& [name, state] : critical)
    w.key(name).value(to_string(state));
  w.end_object().key("checks");
  detail::write_checks(w, checks);
  w.end_object();
  return json_response(ready ? 200 : 503, std::move(body));
}

void begin_shutdown() noexcept { shutdown_begun.store(true, std::memory_order_relaxed); }

bool shutting_down() noexcept { return shutdown_begun.load(std::memory_order_relaxed); }

} // namespace telegen
