// A service-like program for the end-to-end metrics test: it updates the
// generated metrics of runtime/test/generated at a steady pace and is
// scraped through the endpoint TELEGEN_METRICS_ADDR starts. It runs until
// SIGTERM or SIGINT and then exits normally, stopping the endpoint.
#include "generated/telemetry.telegen.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void request_stop(int) { stop_requested.store(true); }

} // namespace

int main() {
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  using telemetry::method;
  using telemetry::route;

  // Five tenants for max_values 3: two go to __overflow__.
  const char* const tenants[] = {"acme", "globex", "initech", "umbrella", "hooli"};
  unsigned tick = 0;
  std::puts("ready");
  std::fflush(stdout);
  while (!stop_requested.load()) {
    telemetry::http_requests_total.inc(method::GET, route::orders, telemetry::status_class::_2xx);
    // Every request takes 30 ms: histogram_quantile(0.5) interpolates to
    // the middle of the (0.025, 0.05] bucket, 0.0375.
    telemetry::http_request_duration_seconds.observe(0.03, method::GET, route::orders);
    telemetry::http_requests_in_flight.set(tick % 4, route::orders);
    telemetry::tenant_requests_total.inc(tenants[tick % 5], method::POST);
    telemetry::jobs_enqueued_total.inc(telemetry::queue::default_);
    ++tick;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return 0;
}
