// The paths the built-in HTTP endpoint serves. HttpServer registers every
// route of this table, so a new endpoint (the /health family) is one more
// handler file and one more entry.
#pragma once

#include <httplib.h>

namespace telegen::detail {

struct HttpRoute {
  const char* path;
  void (*handle)(const httplib::Request& request, httplib::Response& response);
};

extern const HttpRoute http_routes[];
extern const std::size_t http_route_count;

// GET /metrics: every metric, in the format the Accept header prefers.
void serve_metrics(const httplib::Request& request, httplib::Response& response);

// GET /health, /health/ready, /health/detailed (telegen/health.hpp). The
// detailed report asks for `Authorization: Bearer <token>` when
// TELEGEN_HEALTH_TOKEN is set.
void serve_health(const httplib::Request& request, httplib::Response& response);
void serve_health_ready(const httplib::Request& request, httplib::Response& response);
void serve_health_detailed(const httplib::Request& request, httplib::Response& response);

} // namespace telegen::detail
