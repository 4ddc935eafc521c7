#include "health/readiness_checks.hpp"

#include "telegen/health.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace telegen {
namespace detail {
namespace {

// One run of a check. The thread running it and every request waiting for
// it share it, so a request that gives up leaves it to the thread.
struct CheckRun {
  std::mutex mutex;
  std::condition_variable finished;
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  bool done = false;
  bool passed = false;
  std::string error;
  double latency_ms = 0;

  void finish(bool ok, std::string message) {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
    passed = ok;
    error = std::move(message);
    latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                     .count();
    finished.notify_all();
  }
  bool is_done() {
    std::lock_guard<std::mutex> lock(mutex);
    return done;
  }
};

struct ReadinessCheck {
  std::string name;
  std::function<bool()> check;      // empty: not configured
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

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] Readiness& readiness_at_load = readiness();

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
  std::shared_ptr<CheckRun> run; // null: not configured
};

// Starts every configured check whose previous run has finished.
std::vector<StartedCheck> start_checks(Readiness& r) {
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<StartedCheck> started;
  for (ReadinessCheck& c : r.checks) {
    if (c.check && (!c.latest || c.latest->is_done())) {
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

} // namespace

std::vector<CheckOutcome> run_readiness_checks() {
  Readiness& r = readiness();
  std::chrono::milliseconds timeout;
  {
    std::lock_guard<std::mutex> lock(r.mutex);
    timeout = r.timeout;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::vector<CheckOutcome> outcomes;
  for (const StartedCheck& check : start_checks(r)) {
    if (!check.run) {
      outcomes.push_back({check.name, "not_configured", {}, std::nullopt});
      continue;
    }
    CheckRun& run = *check.run;
    std::unique_lock<std::mutex> lock(run.mutex);
    if (!run.finished.wait_until(lock, deadline, [&] { return run.done; }))
      outcomes.push_back({check.name, "timeout",
                          "no answer within " + std::to_string(timeout.count()) + " ms",
                          std::nullopt});
    else
      outcomes.push_back({check.name, run.passed ? "pass" : "fail", run.error, run.latency_ms});
  }
  return outcomes;
}

void write_checks(JsonWriter& w, const std::vector<CheckOutcome>& checks) {
  w.begin_object();
  for (const CheckOutcome& check : checks) {
    w.key(check.name).begin_object().key("status").value(check.status);
    if (check.latency_ms)
      w.key("latency_ms").value(*check.latency_ms);
    if (!check.error.empty())
      w.key("error").value(check.error);
    w.end_object();
  }
  w.end_object();
}

} // namespace detail

void add_readiness_check(std::string name, std::function<bool()> check) {
  detail::Readiness& r = detail::readiness();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.checks.push_back({std::move(name), std::move(check), nullptr});
}

void set_readiness_timeout(std::chrono::milliseconds timeout) {
  detail::Readiness& r = detail::readiness();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.timeout = timeout;
}

} // namespace telegen
