// orders-load: drives the orders example with a bounded number of
// requests from a few threads, in three phases:
//   steady    orders and look-ups, a few invalid; payments fails and slows
//             down now and then (its own --fail-every/--slow-every)
//   outage    payments answers 503 to everything: retries run out, the
//             breaker opens, orders are turned away fast with 503
//   recovery  payments is healthy (no faults at all): after the breaker's
//             reset timeout a trial call closes it and orders flow
// It is a plain HTTP client: the traces start at the orders service.
#include "../common/process.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

const char usage[] = R"(usage: orders-load --orders HOST:PORT --payments HOST:PORT [options]

  --requests N       requests in the steady phase (default 120); the outage
                     and recovery phases send a third of that each
  --concurrency N    client threads (default 4)
  --phases LIST      comma-separated, of steady,outage,recovery (default all)
  --reset-ms MS      how long the breaker stays open (default 2000)
)";

using Target = example::Address;

struct Tally {
  std::mutex mutex;
  std::map<std::string, int> by_status;
  std::vector<double> seconds;
  std::vector<std::string> order_ids;
  int unanswered = 0;
};

const char* const items[] = {"book", "lamp", "chair", "desk", "pen"};
const char* const methods[] = {"card", "card", "wallet", "invoice"};

// Request number i: mostly orders, every 6th a look-up, every 17th invalid.
void send(httplib::Client& client, int i, Tally& tally) {
  httplib::Headers headers{{"X-Frontend-ID", "cli"}, {"X-Request-ID", "load-" + std::to_string(i)}};
  const auto begin = std::chrono::steady_clock::now();
  const bool lookup = i % 6 == 5;
  const std::string label = lookup ? "GET /orders/{id}" : "POST /orders";
  const httplib::Result result = [&] {
    if (lookup) {
      std::string id = "999999";
      {
        std::lock_guard<std::mutex> lock(tally.mutex);
        if (!tally.order_ids.empty())
          id = tally.order_ids[static_cast<std::size_t>(i) % tally.order_ids.size()];
      }
      return client.Get(("/orders/" + id).c_str(), headers);
    }
    const bool invalid = i % 17 == 16;
    const std::string body = std::string("item=") + (invalid ? "piano" : items[i % 5]) +
                             "&quantity=" + std::to_string(1 + i % 3) + "&payment_method=" +
                             methods[i % 4] + "&card_number=4111111111111111";
    return client.Post("/orders", headers, body, "application/x-www-form-urlencoded");
  }();
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - begin;
  std::lock_guard<std::mutex> lock(tally.mutex);
  if (!result) {
    ++tally.unanswered;
    return;
  }
  ++tally.by_status[label + " " + std::to_string(result->status)];
  tally.seconds.push_back(took.count());
  if (result->status == 201) {
    const auto location = result->get_header_value("Location");
    tally.order_ids.push_back(location.substr(location.rfind('/') + 1));
  }
}

bool set_mode(const Target& payments, const char* mode) {
  httplib::Client client(payments.host, payments.port);
  const auto result = client.Post("/admin/mode", mode, "text/plain");
  return result && result->status == 200;
}

int run_phase(const char* name, const char* what, const Target& orders, int requests, int concurrency,
              int first) {
  std::printf("  %-9s %s\n", name, what);
  Tally tally;
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t)
    threads.emplace_back([&] {
      httplib::Client client(orders.host, orders.port);
      client.set_read_timeout(15, 0);
      for (int i = next++; i < requests; i = next++)
        send(client, first + i, tally);
    });
  for (std::thread& thread : threads)
    thread.join();
  std::string line;
  for (const auto& [status, count] : tally.by_status)
    line += (line.empty() ? "" : ", ") + std::to_string(count) + " x " + status;
  std::printf("            %d requests: %s\n", requests, line.c_str());
  if (tally.unanswered > 0)
    std::printf("            %d got no answer\n", tally.unanswered);
  std::fflush(stdout);
  return tally.unanswered;
}

} // namespace

int main(int argc, char** argv) {
  std::string orders_text, payments_text, phases = "steady,outage,recovery", requests_text = "120",
              concurrency_text = "4", reset_text = "2000";
  example::parse_options(argc, argv, usage,
                         {{"--orders", &orders_text},
                          {"--payments", &payments_text},
                          {"--requests", &requests_text},
                          {"--concurrency", &concurrency_text},
                          {"--phases", &phases},
                          {"--reset-ms", &reset_text}});
  if (orders_text.empty() || payments_text.empty()) {
    std::fputs(usage, stderr);
    return 2;
  }
  const int requests = static_cast<int>(example::parse_number(requests_text, "--requests", 1, 1000000));
  const int concurrency = static_cast<int>(example::parse_number(concurrency_text, "--concurrency", 1, 256));
  const int reset_ms = static_cast<int>(example::parse_number(reset_text, "--reset-ms", 0, 600000));
  const Target orders = example::parse_address(orders_text, "--orders");
  const Target payments = example::parse_address(payments_text, "--payments");
  const auto has = [&](const char* phase) { return ("," + phases + ",").find(std::string(",") + phase + ",") != std::string::npos; };

  int unanswered = 0;
  if (has("steady"))
    unanswered += run_phase("steady", "orders and look-ups; payments fails or is slow now and then",
                            orders, requests, concurrency, 0);
  if (has("outage")) {
    if (!set_mode(payments, "down")) {
      std::fprintf(stderr, "error: cannot reach payments' /admin/mode at %s\n", payments_text.c_str());
      return 1;
    }
    unanswered += run_phase("outage", "payments answers 503 to every charge", orders,
                            requests / 3, concurrency, requests);
  }
  if (has("recovery")) {
    if (!set_mode(payments, "healthy")) {
      std::fprintf(stderr, "error: cannot reach payments' /admin/mode at %s\n", payments_text.c_str());
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(reset_ms + 200));
    unanswered += run_phase("recovery", "payments is back, without faults; the breaker half-opens, then closes",
                            orders, requests / 3, concurrency, requests + requests / 3);
  }
  return unanswered == 0 ? 0 : 1;
}
