// telegen's built-in HTTP endpoint (target telegen::http): serves GET
// /metrics, in the Prometheus text format or OpenMetrics as the scrape's
// Accept header asks, and the health reports of telegen/health.hpp on
// /health, /health/ready and /health/detailed (the last asks for a bearer
// token when TELEGEN_HEALTH_TOKEN is set), and POST /api/telemetry/debug,
// the Telemetry Debug API (telegen/debug_api.hpp; off unless configured),
// from its own background threads.
//
//   telegen::HttpServer server("127.0.0.1:9464"); // ":9464" listens on every interface
//   ...                                           // Prometheus scrapes /metrics
//   server.stop();                                // or let the destructor stop it
//
// Without any code: a program linked with telegen::http starts one before
// main() when TELEGEN_METRICS_ADDR=HOST:PORT is set, and stops it at exit.
//
// Thread-safe: stop() may be called from any thread, more than once.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

namespace telegen {

// The environment variable that starts an endpoint automatically.
inline constexpr std::string_view metrics_address_variable = "TELEGEN_METRICS_ADDR";

class HttpServer {
public:
  // Listens on `address`, HOST:PORT (an IPv6 host in brackets, an empty
  // host for every interface, port 0 for any free port), and serves until
  // stop(). Throws std::invalid_argument for a malformed address and
  // std::runtime_error when it cannot listen there.
  explicit HttpServer(std::string_view address);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port it listens on (the one chosen when the address asked for 0).
  std::uint16_t port() const noexcept;

  // Stops accepting, lets requests in progress finish, joins the threads.
  void stop() noexcept;

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace telegen
