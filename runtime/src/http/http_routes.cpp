#include "http/http_routes.hpp"

#include "http/bearer.hpp"
#include "telegen/exposition.hpp"
#include "telegen/health.hpp"

#include <cstdlib>
#include <iterator>
#include <optional>
#include <string_view>

namespace telegen::detail {
namespace {

// Health reports change from one request to the next.
void send(const HealthResponse& health, httplib::Response& response) {
  response.status = health.status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(health.body, "application/json");
}

// Read on every request, so a token rotated in the environment applies at
// once.
bool authorized(const httplib::Request& request) {
  const char* token = std::getenv("TELEGEN_HEALTH_TOKEN");
  if (token == nullptr || *token == '\0')
    return true;
  const std::string header = request.get_header_value("Authorization");
  const std::optional<std::string_view> given = bearer_token(header);
  return given && same_secret(*given, token);
}

} // namespace

const HttpRoute http_routes[] = {
    {"/metrics", &serve_metrics},
    {"/health", &serve_health},
    {"/health/ready", &serve_health_ready},
    {"/health/detailed", &serve_health_detailed},
};
const std::size_t http_route_count = std::size(http_routes);

void serve_metrics(const httplib::Request& request, httplib::Response& response) {
  const ExpositionFormat format = negotiate_exposition_format(request.get_header_value("Accept"));
  response.set_content(metrics_text(format), std::string(content_type(format)));
  // The body depends on Accept; caches between scraper and process must know.
  response.set_header("Vary", "Accept");
}

void serve_health(const httplib::Request&, httplib::Response& response) {
  send(health_live(), response);
}

void serve_health_ready(const httplib::Request&, httplib::Response& response) {
  send(health_ready(), response);
}

void serve_health_detailed(const httplib::Request& request, httplib::Response& response) {
  if (!authorized(request)) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"telegen\"");
    send({401, "{\"error\":\"unauthorized\"}"}, response);
    return;
  }
  send(health_detailed(), response);
}

} // namespace telegen::detail
