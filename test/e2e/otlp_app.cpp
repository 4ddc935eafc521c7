// A small instrumented program for the end-to-end tests: it records spans
// of every shape (nested, typed attributes, events, an exception, a link),
// writes log lines, emits resilience and business events through the
// emitters telegen generates from runtime/test/generated/checkout.yaml
// (log record, metrics and span event each), and prints telegen's
// self-counters and how long its own calls took as one JSON line on stdout.
//
//   otlp_app export N              N request-like traces, then exit
//   otlp_app signals N PACE FILE   N traces, each with a retry_attempt and an
//                                  order_placed event, PACE microseconds
//                                  apart; after shutdown, /metrics' text to FILE
//   otlp_app parent                a span that runs `otlp_app child` with its context
//   otlp_app child                 a span under the context in its environment
#include "generated/checkout.telegen.hpp"

#include "telegen/context.hpp"
#include "telegen/detail/self_metrics.hpp"
#include "telegen/exposition.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view request_keys[] = {"http.route", "order.count", "order.total",
                                             "order.express"};
constexpr telegen::detail::SpanSite request_site{
    "orders.handle", telegen::SpanKind::server, "handle", "examples/orders.cpp", 10, request_keys};
constexpr telegen::detail::SpanSite charge_site{"payments.charge", telegen::SpanKind::client,
                                                "charge", "examples/payments.cpp", 20};
constexpr telegen::detail::SpanSite process_site{"process.run", telegen::SpanKind::internal, "run",
                                                 "test/e2e/otlp_app.cpp", 30};

Clock::duration slowest_call{};

void charge(int i) {
  telegen::SpanGuard span(charge_site);
  try {
    if (i % 3 == 0)
      throw std::runtime_error("card declined");
    telegen::log(telegen::Level::info, "payments", "charged", {{"attempt", 1}});
  } catch (const std::exception& e) {
    span.record_exception(e);
    telegen::log(telegen::Level::error, "payments", "charge_failed",
                 {{"error", e.what()}, {"password", "x"}});
  }
}

// The resilience and business events of request `i`, inside its charge
// span: one log record each, their metrics, an event on the span.
void events(int i) {
  checkout::resilience::retry_attempt(checkout::resilience::dependency::payments, 1)
      .error("connection reset");
  checkout::order_placed("order-" + std::to_string(i), 2)
      .channel(i % 2 == 0 ? checkout::channel::web : checkout::channel::app)
      .checkout_time(std::chrono::milliseconds(100 * (i % 20)));
}

void handle(int i, bool with_events = false) {
  const auto begin = Clock::now();
  {
    telegen::SpanGuard span(request_site);
    span.set_attribute(0, "/orders");
    span.set_attribute(1, i);
    span.set_attribute(2, 12.5 * i);
    span.set_attribute(3, i % 2 == 0);
    span.add_event("validated", {{"items", 3}});
    telegen::SpanContext linked;
    linked.trace_id = {0x0af7651916cd43ddu, 0x8448eb211c80319cu};
    linked.span_id = {0xb7ad6b7169203331u};
    span.add_link(linked);
    charge(i);
    if (with_events)
      events(i);
  }
  slowest_call = std::max(slowest_call, Clock::now() - begin);
}

std::uint64_t counter(std::string_view name) {
  for (auto* c = telegen::detail::first_self_counter(); c != nullptr; c = c->next())
    if (c->name() == name)
      return c->value();
  return 0;
}

void report(Clock::duration shutdown) {
  std::string line = "{";
  for (const auto& [key, name] : std::initializer_list<std::pair<const char*, const char*>>{
           {"exported", "telegen_spans_exported_total"},
           {"failed", "telegen_spans_export_failed_total"},
           {"dropped", "telegen_spans_dropped_total"},
           {"rejected", "telegen_spans_rejected_total"},
           {"log_dropped", "telegen_log_records_dropped_total"},
           {"log_exported", "telegen_log_records_exported_total"},
           {"log_failed", "telegen_log_records_export_failed_total"},
           {"log_export_dropped", "telegen_log_records_export_dropped_total"},
           {"log_rejected", "telegen_log_records_rejected_total"},
           {"metric_exports", "telegen_metric_exports_total"},
           {"metric_exports_failed", "telegen_metric_exports_failed_total"}})
    line += "\"" + std::string(key) + "\":" + std::to_string(counter(name)) + ",";
  line +=
      "\"slowest_call_us\":" +
      std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(slowest_call).count()) +
      ",\"shutdown_ms\":" +
      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(shutdown).count()) +
      "}\n";
  std::fputs(line.c_str(), stdout);
}

int run_export(int count) {
  telegen::start();
  for (int i = 0; i < count; ++i)
    handle(i);
  const auto begin = Clock::now();
  telegen::shutdown();
  report(Clock::now() - begin);
  return 0;
}

int run_signals(int count, int pace_us, const char* metrics_file) {
  telegen::start();
  const auto begin = Clock::now();
  for (int i = 0; i < count; ++i) {
    handle(i, /*with_events=*/true);
    std::this_thread::sleep_until(begin + std::chrono::microseconds(pace_us) * (i + 1));
  }
  const auto shutdown_begin = Clock::now();
  telegen::shutdown();
  report(Clock::now() - shutdown_begin);
  std::ofstream(metrics_file) << telegen::metrics_text();
  return 0;
}

int run_parent(const char* self) {
  telegen::start();
  {
    telegen::SpanGuard span(process_site);
    std::vector<std::string> environment = telegen::environment_with(telegen::Context::current());
    std::vector<char*> envp;
    for (std::string& entry : environment)
      envp.push_back(entry.data());
    envp.push_back(nullptr);
    char child_arg[] = "child";
    char* argv[] = {const_cast<char*>(self), child_arg, nullptr};
    pid_t pid;
    if (posix_spawn(&pid, self, nullptr, nullptr, argv, envp.data()) != 0)
      return 1;
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      return 1;
  }
  telegen::shutdown();
  return 0;
}

// No start() and no shutdown(): the first span starts telegen from the
// environment, and exit flushes it.
int run_child() {
  telegen::SpanGuard span(process_site);
  telegen::log(telegen::Level::info, "child", "started");
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "export" && argc > 2)
    return run_export(std::atoi(argv[2]));
  if (mode == "signals" && argc > 4)
    return run_signals(std::atoi(argv[2]), std::atoi(argv[3]), argv[4]);
  if (mode == "parent")
    return run_parent(argv[0]);
  if (mode == "child")
    return run_child();
  std::fprintf(stderr, "usage: %s export N | signals N PACE_US METRICS_FILE | parent | child\n",
               argv[0]);
  return 2;
}
