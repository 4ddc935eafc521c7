// Liveness and readiness: readiness checks run in parallel on threads of
// their own, under one deadline per request.
#include "telegen/health.hpp"

#include "core/json_writer.hpp"
#include "resilience/dependency_registry.hpp"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace telegen {
namespace {

// One run of a check. The thread running it and every request waiting for
// it share it, so a request that gives up leaves it to the thread.
struct CheckRun {
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool passed = false;
  std::string error;

  void finish(bool ok, std::string message) {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
    passed = ok;
    error = std::move(message);
    finished.notify_all();
  }
  bool is_done() {
    std::lock_guard<std::mutex> lock(mutex);
    return done;
  }
};

struct ReadinessCheck {
  std::string name;
  std::function<bool()> check;
  std::shared_ptr<CheckRun> latest; // finished or still running
};

struct Readiness {
  std::mutex mutex;
  std::vector<ReadinessCheck> checks;
  std::chrono::milliseconds timeout{800};
};

// Never destroyed: a probe may arrive while the process exits.
Readiness& readiness() {
  static Readiness* instance = new Readiness;
  return *instance;
}

// Lock-free, so begin_shutdown() may run in a signal handler.
std::atomic<bool> shutdown_begun{false};
static_assert(std::atomic<bool>::is_always_lock_free);

void run_check(const std::function<bool()>& check, CheckRun& run) {
  try {
    const bool passed = check();
    run.finish(passed, passed ? std::string() : "the check returned false");
  } catch (const std::exception& error) {
    run.finish(false, error.what());
  } catch (...) {
    run.finish(false, "the check threw something that is not a std::exception");
  }
}

struct StartedCheck {
  std::string name;
  std::shared_ptr<CheckRun> run;
};

// Starts every check whose previous run has finished; a check still
// running from an earlier request is waited for again, not restarted.
std::vector<StartedCheck> start_checks(Readiness& r) {
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<StartedCheck> started;
  for (ReadinessCheck& c : r.checks) {
    if (!c.latest || c.latest->is_done()) {
      c.latest = std::make_shared<CheckRun>();
      try {
        std::thread([check = c.check, run = c.latest] { run_check(check, *run); }).detach();
      } catch (const std::system_error& error) {
        c.latest->finish(false,
                         std::string("cannot start a thread for the check: ") + error.what());
      }
    }
    started.push_back({c.name, c.latest});
  }
  return started;
}

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

  Readiness& r = readiness();
  std::chrono::milliseconds timeout;
  {
    std::lock_guard<std::mutex> lock(r.mutex);
    timeout = r.timeout;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::vector<StartedCheck> checks = start_checks(r);

  bool ready = true;
  std::vector<std::pair<std::string_view, BreakerState>> critical;
  for (const detail::RegisteredDependency& dependency : detail::registered_dependencies()) {
    if (!dependency.descriptor->critical)
      continue;
    const BreakerState state = dependency.state->snapshot().state;
    ready &= state != BreakerState::open;
    critical.emplace_back(dependency.descriptor->name, state);
  }
  struct Outcome {
    std::string_view status;
    std::string error;
  };
  std::vector<Outcome> outcomes;
  for (const StartedCheck& check : checks) {
    CheckRun& run = *check.run;
    std::unique_lock<std::mutex> lock(run.mutex);
    if (!run.finished.wait_until(lock, deadline, [&] { return run.done; }))
      outcomes.push_back(
          {"timeout", "no answer within " + std::to_string(timeout.count()) + " ms"});
    else if (run.passed)
      outcomes.push_back({"pass", {}});
    else
      outcomes.push_back({"fail", run.error});
    ready &= outcomes.back().status == "pass";
  }

  w.begin_object().key("status").value(ready ? "ready" : "not_ready");
  w.key("shutting_down").value(false).key("dependencies").begin_object();
  for (const auto& [name, state] : critical)
    w.key(name).value(to_string(state));
  w.end_object().key("checks").begin_object();
  for (std::size_t i = 0; i < checks.size(); ++i) {
    w.key(checks[i].name).begin_object().key("status").value(outcomes[i].status);
    if (!outcomes[i].error.empty())
      w.key("error").value(outcomes[i].error);
    w.end_object();
  }
  w.end_object().end_object();
  return json_response(ready ? 200 : 503, std::move(body));
}

void add_readiness_check(std::string name, std::function<bool()> check) {
  Readiness& r = readiness();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.checks.push_back({std::move(name), std::move(check), nullptr});
}

void set_readiness_timeout(std::chrono::milliseconds timeout) {
  Readiness& r = readiness();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.timeout = timeout;
}

void begin_shutdown() noexcept { shutdown_begun.store(true, std::memory_order_relaxed); }

bool shutting_down() noexcept { return shutdown_begun.load(std::memory_order_relaxed); }

} // namespace telegen
