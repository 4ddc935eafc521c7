#include "http/http_routes.hpp"

#include "telegen/exposition.hpp"
#include "telegen/health.hpp"

#include <cstdlib>
#include <iterator>
#include <string_view>

namespace telegen::detail {
namespace {

// Health reports change from one request to the next.
void send(const HealthResponse& health, httplib::Response& response) {
  response.status = health.status;
  response.set_header("Cache-Control", "no-store");
  response.set_content(health.body, "application/json");
}

// Compares every byte whatever the first difference, so the time taken
// does not tell how much of a guessed token was right.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i)
    difference |= static_cast<unsigned char>(given[i] ^ expected[i % expected.size()]);
  return difference == 0;
}

// Read on every request, so a token rotated in the environment applies at
// once.
bool authorized(const httplib::Request& request) {
  const char* token = std::getenv("TELEGEN_HEALTH_TOKEN");
  if (token == nullptr || *token == '\0')
    return true;
  constexpr std::string_view scheme = "Bearer ";
  const std::string header = request.get_header_value("Authorization");
  return header.size() > scheme.size() && header.compare(0, scheme.size(), scheme) == 0 &&
         same_secret(std::string_view(header).substr(scheme.size()), token);
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
