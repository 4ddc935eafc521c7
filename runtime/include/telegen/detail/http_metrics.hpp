// How the HTTP helpers (TracedRoutes, telegen::http::Client) reach the
// metrics of the built-in http schema: the generated code of a schema that
// imports it registers two functions here, and the helpers call them for
// every exchange. No registration (the schema not imported): no metrics.
// For generated code and the runtime only.
#pragma once

#include "telegen/request_context.hpp"

#include <cstdint>
#include <string_view>

namespace telegen::detail {

// One request a TracedRoutes route served.
struct HttpServerExchange {
  std::string_view method;
  std::string_view route; // the template ("/orders/{id}")
  int status;
  Frontend frontend;
  double seconds;
  std::uint64_t request_bytes;
  std::uint64_t response_bytes;
};

// One request a telegen::http::Client sent.
struct HttpClientExchange {
  std::string_view peer_service;
  int status; // 0 when no answer came
  double seconds;
};

struct HttpMetrics {
  void (*server)(const HttpServerExchange&) noexcept;
  void (*client)(const HttpClientExchange&) noexcept;
};

// The registered functions, or null. Thread-safe (an acquire load).
const HttpMetrics* http_metrics() noexcept;
// Registers `metrics` (static storage) for the life of the process; a later
// registration replaces it. Thread-safe.
void register_http_metrics(const HttpMetrics& metrics) noexcept;

struct HttpMetricsRegistration {
  explicit HttpMetricsRegistration(const HttpMetrics& metrics) noexcept {
    register_http_metrics(metrics);
  }
};

} // namespace telegen::detail
