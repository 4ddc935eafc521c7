// The program `telegen live-check` watches in its end-to-end test
// (livecheck_e2e.py), exporting spans, log records and metrics over OTLP.
// Its schema is livecheck.yaml: the span checkout.submit, as the
// instrumenter would record it, and checkout.yaml's events and metrics,
// through the emitters generated from it.
//
//   livecheck_app clean   only what the schema declares: checkout.submit
//                         spans with the events of order_placed and the
//                         resilience contract in them (log record, metrics,
//                         span event each)
//   livecheck_app drift   the same, and what drifts from the schema: an
//                         attribute checkout.submit does not declare, a
//                         hand-written telegen::log call with a field the
//                         event does not declare, one with an enum value
//                         outside the schema, a counter registered at run
//                         time, a span started by hand
#include "generated/checkout.telegen.hpp"

#include "telegen/log.hpp"
#include "telegen/metrics.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include <chrono>
#include <cstdio>
#include <string>

namespace {

constexpr std::string_view submit_keys[] = {"order_id", "items"};
constexpr telegen::detail::SpanSite submit_site{"checkout.submit", telegen::SpanKind::internal,
                                                "submit", "test/e2e/livecheck_app.cpp", 30,
                                                submit_keys};

void declared(int i, bool drift) {
  telegen::SpanGuard span(submit_site);
  span.set_attribute(0, "order-" + std::to_string(i));
  span.set_attribute(1, 2);
  if (drift)
    span.set_attribute("debug_note", "added for a test");
  checkout::resilience::retry_attempt(checkout::resilience::dependency::payments, 1)
      .error("connection reset");
  checkout::order_placed("order-" + std::to_string(i), 2)
      .channel(i % 2 == 0 ? checkout::channel::web : checkout::channel::app)
      .checkout_time(std::chrono::milliseconds(100 * i));
}

constexpr telegen::detail::SpanSite cleanup_site{"cleanup", telegen::SpanKind::internal, "drift",
                                                 "test/e2e/livecheck_app.cpp", 50};

void drift() {
  telegen::log(telegen::Level::info, "checkout", "order_placed",
               {{"order_id", "order-9"}, {"items", 1}, {"coupon", "SPRING"}});
  telegen::log(telegen::Level::info, "checkout", "order_placed",
               {{"order_id", "order-10"}, {"items", 1}, {"payment", "bitcoin"}});
  auto jobs = telegen::add_counter({"jobs_processed_total", "Jobs processed."}, {"queue"});
  jobs.labels("emails").inc();
  telegen::SpanGuard span(cleanup_site);
}

} // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode != "clean" && mode != "drift") {
    std::fprintf(stderr, "usage: %s clean|drift\n", argv[0]);
    return 2;
  }
  telegen::start();
  for (int i = 0; i < 4; ++i)
    declared(i, mode == "drift");
  if (mode == "drift")
    drift();
  telegen::shutdown();
  return 0;
}
