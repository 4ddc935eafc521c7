// payments: the downstream service of the orders example. It approves
// charges, and fails and slows down on purpose:
//  - in its first mode, flaky, every --fail-every'th charge answers 503 and
//    every --slow-every'th takes --slow-ms (longer than orders waits);
//  - POST /admin/mode with body flaky, down (every charge answers 503),
//    slow (every charge is slow) or healthy (no faults) changes that at run
//    time.
// Its /charges route continues the caller's trace, so one trace shows the
// order from the orders API through the pool to here.
#include "../common/process.hpp"
#include "telemetry.telegen.hpp"

#include <telegen/annotate.hpp>
#include <telegen/context.hpp>
#include <telegen/http_server.hpp>
#include <telegen/httplib.hpp>
#include <telegen/telemetry.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace payments {

enum class Mode { flaky, down, slow, healthy };

struct Faults {
  long fail_every = 9;
  long slow_every = 13;
  std::chrono::milliseconds slow{900};
  std::atomic<Mode> mode{Mode::flaky};
  std::atomic<long> charges{0};
};

enum class Decision { approved, declined };

// The card network's answer: amounts over 1,000 are declined.
TELEGEN_SPAN("payments.authorize", attrs(amount, method))
Decision authorize(double amount, const std::string& method) {
  std::this_thread::sleep_for(std::chrono::milliseconds(method == "card" ? 4 : 2));
  return amount > 1000 ? Decision::declined : Decision::approved;
}

void charge(Faults& faults, const httplib::Request& request, httplib::Response& response) {
  // A tenant the caller put in the request's baggage names every record of
  // the charge.
  const telegen::Context context = telegen::Context::current();
  std::optional<telegen::Scope> bound;
  if (const auto tenant = context.baggage().get("tenant"))
    bound.emplace(context.with_fields({{"tenant", *tenant}}));
  const long n = ++faults.charges;
  const Mode mode = faults.mode.load();
  const double amount = std::atof(request.get_param_value("amount").c_str());
  const bool flaky = mode == Mode::flaky;
  if (mode == Mode::slow || (flaky && faults.slow_every > 0 && n % faults.slow_every == 0))
    std::this_thread::sleep_for(faults.slow);
  if (mode == Mode::down || (flaky && faults.fail_every > 0 && n % faults.fail_every == 0)) {
    telemetry::charge_answered(telemetry::outcome::failed)
        .amount(amount)
        .injected(mode == Mode::down ? "down" : "every " + std::to_string(faults.fail_every) + "th");
    response.status = 503;
    response.set_content("ledger unavailable", "text/plain");
    return;
  }
  if (authorize(amount, request.get_param_value("method")) == Decision::declined) {
    telemetry::charge_answered(telemetry::outcome::declined).amount(amount);
    response.status = 402;
    response.set_content("over the card limit", "text/plain");
    return;
  }
  telemetry::charge_answered(telemetry::outcome::approved).amount(amount);
  response.status = 201;
  response.set_content("pay-" + request.get_param_value("order_id") + "-" + std::to_string(n),
                       "text/plain");
}

} // namespace payments

namespace {

const char usage[] = R"(usage: payments [options]

The downstream service of the orders example.

  --listen HOST:PORT   the API (default 127.0.0.1:8081; port 0: any free port)
  --admin HOST:PORT    /metrics and /health* (default 127.0.0.1:9465)
  --fail-every N       when flaky, answer 503 to every Nth charge (default 9; 0: never)
  --slow-every N       when flaky, delay every Nth charge by --slow-ms (default 13; 0: never)
  --slow-ms MS         the delay (default 900)
  --ports-file FILE    write "api=PORT" and "admin=PORT" there once listening

POST /admin/mode with body flaky (the first mode), down, slow or healthy
changes the behaviour.
)";

} // namespace

int main(int argc, char** argv) {
  auto faults = std::make_unique<payments::Faults>();
  std::string listen_text = "127.0.0.1:8081", admin_text = "127.0.0.1:9465", ports_file,
              fail_every = "9", slow_every = "13", slow_ms = "900";
  example::parse_options(argc, argv, usage,
                         {{"--listen", &listen_text},
                          {"--admin", &admin_text},
                          {"--fail-every", &fail_every},
                          {"--slow-every", &slow_every},
                          {"--slow-ms", &slow_ms},
                          {"--ports-file", &ports_file}});
  faults->fail_every = example::parse_number(fail_every, "--fail-every", 0, 1000000);
  faults->slow_every = example::parse_number(slow_every, "--slow-every", 0, 1000000);
  faults->slow = std::chrono::milliseconds(example::parse_number(slow_ms, "--slow-ms", 0, 60000));
  const example::Address listen = example::parse_address(listen_text, "--listen");
  example::parse_address(admin_text, "--admin");
  example::start_telemetry("payments");

  std::unique_ptr<telegen::HttpServer> admin;
  try {
    admin = std::make_unique<telegen::HttpServer>(admin_text);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: --admin %s: %s\n", admin_text.c_str(), e.what());
    return 1;
  }

  telegen::http::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  telegen::http::TracedRoutes(server).add(
      "POST", "/charges",
      [&faults](const httplib::Request& request, httplib::Response& response) {
        payments::charge(*faults, request, response);
      });
  server.Post("/admin/mode", [&faults](const httplib::Request& request, httplib::Response& response) {
    if (request.body == "flaky")
      faults->mode = payments::Mode::flaky;
    else if (request.body == "healthy")
      faults->mode = payments::Mode::healthy;
    else if (request.body == "down")
      faults->mode = payments::Mode::down;
    else if (request.body == "slow")
      faults->mode = payments::Mode::slow;
    else {
      response.status = 400;
      response.set_content("mode is flaky, down, slow or healthy\n", "text/plain");
      return;
    }
    response.set_content("mode " + request.body + "\n", "text/plain");
  });

  const int port = example::bind(server, listen, "payments");
  if (!ports_file.empty())
    example::write_ports(ports_file, "api=" + std::to_string(port) + "\nadmin=" +
                                         std::to_string(admin->port()) + "\n");
  std::printf("payments: API on http://%s:%d, metrics and health on port %u\n", listen.host.c_str(),
              port, admin->port());
  std::fflush(stdout);

  example::stop_on_signal(server);
  server.listen_after_bind();
  admin->stop();
  telegen::shutdown();
  return 0;
}
