// Health reports: liveness, readiness and a detailed view of every
// dependency's circuit breaker and the concurrency gauges. The built-in
// HTTP endpoint (telegen::http) serves them on /health, /health/ready and
// /health/detailed beside /metrics; these functions give the same answers
// to your own HTTP server.
//
//   telegen::add_readiness_check("database", [&] { return db.ping(); });
//   std::signal(SIGTERM, [](int) { telegen::begin_shutdown(); });  // 503 from now on
//
//   // in your own HTTP handler:
//   telegen::HealthResponse r = telegen::health_ready();
//   response.status = r.status;
//   response.set_content(r.body, "application/json");
//
// Readiness fails while a critical dependency's breaker is open (the
// schema's `dependencies: {payments: {critical: true}}`; generated code
// registers them), while a readiness check fails or does not answer within
// the readiness timeout, and after begin_shutdown(). See
// docs/resilience.md#health-endpoints.
//
// Thread-safe: every function may be called from any thread at any time.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace telegen {

// An HTTP status and a JSON body.
struct HealthResponse {
  int status;
  std::string body;
};

// Liveness: 200 {"status":"healthy"} while the process runs; checks nothing.
HealthResponse health_live();

// Readiness: 200 {"status":"ready",...}, or 503 {"status":"not_ready",...}
// naming what failed. Runs every readiness check in parallel and waits at
// most the readiness timeout for all of them together.
HealthResponse health_ready();

// Every dependency's breaker state, failure count, last failure and
// recovery; executor and semaphore utilization from the concurrency
// gauges; the application's name, environment and version; the time; and
// every readiness check with its status and latency_ms, as /health/ready
// runs them. Always 200.
HealthResponse health_detailed();

// Adds a check that /health/ready runs: return false, or throw (the
// exception's message is reported), when the service cannot take traffic.
// A check runs on a thread of its own; one that has not returned by the
// next readiness request is not started again, and counts as timed out
// until it returns. Reports give each check's status (pass, fail, timeout)
// and latency_ms. An empty `check` declares one this deployment does not
// configure (an optional cache): reported as not_configured, never failing
// readiness. Checks are never removed.
void add_readiness_check(std::string name, std::function<bool()> check);

// How long /health/ready waits for all checks together (default 800 ms,
// below Kubernetes' default probe timeout of 1 s).
void set_readiness_timeout(std::chrono::milliseconds timeout);

// From now on /health/ready answers 503, so load balancers stop sending
// traffic while the service drains. Async-signal-safe.
void begin_shutdown() noexcept;

// Whether begin_shutdown() was called.
bool shutting_down() noexcept;

} // namespace telegen
