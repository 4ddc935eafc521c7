// TracedRoutes: httplib handlers run in a server span under the caller's
// context.
#include "telegen/httplib.hpp"

#include "telegen/context.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include <chrono>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace telegen::http {
namespace {

// The attributes of server spans, by their index in server_keys.
namespace key {
constexpr std::size_t method = 0, route = 1, path = 2, client_address = 3, status_code = 4,
                      error_type = 5;
} // namespace key
constexpr std::string_view server_keys[] = {
    "http.request.method",       "http.route", "url.path", "client.address",
    "http.response.status_code", "error.type"};

// A route's span descriptor. Spans refer to their descriptor until the
// background thread has exported them, so descriptors are never freed.
struct RouteSite {
  RouteSite(std::string_view method_, std::string_view route_)
      : method(method_), route(route_), name(method + " " + route),
        site(name, SpanKind::server, {}, {}, 0, server_keys) {}

  const std::string method;
  const std::string route;
  const std::string name;
  const detail::SpanSite site;
};

// One descriptor per method and route, for the life of the process.
const RouteSite& route_site(std::string_view method, std::string_view route) {
  static std::mutex mutex;
  // Leaked on purpose: spans may still be exported during static destruction.
  static auto* const sites =
      new std::map<std::pair<std::string, std::string>, std::unique_ptr<const RouteSite>>();
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<const RouteSite>& site = (*sites)[{std::string(method), std::string(route)}];
  if (!site)
    site = std::make_unique<const RouteSite>(method, route);
  return *site;
}

// "12.345ms", as the de facto X-Response-Time format.
std::string format_milliseconds(std::chrono::steady_clock::duration elapsed) {
  char text[32];
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  std::snprintf(text, sizeof text, "%.3fms", ms);
  return text;
}

class TracedHandler {
public:
  TracedHandler(const RouteSite& site, const RouteSite* head_site, httplib::Server::Handler handler)
      : site_(site), head_site_(head_site), handler_(std::move(handler)) {}

  void operator()(const httplib::Request& request, httplib::Response& response) const {
    const auto start = std::chrono::steady_clock::now();
    const Context incoming = extract(HeaderCarrier(request.headers));
    Scope scope(incoming);
    const RouteSite& route =
        head_site_ != nullptr && request.method == "HEAD" ? *head_site_ : site_;
    SpanGuard span(route.site);
    span.set_attribute(key::method, route.method);
    span.set_attribute(key::route, route.route);
    span.set_attribute(key::path, request.path);
    span.set_attribute(key::client_address, request.remote_addr);
    try {
      handler_(request, response);
    } catch (const std::exception& error) {
      span.record_exception(error);
      answer(span, response, incoming, start, 500);
      throw;
    } catch (...) {
      span.record_exception();
      answer(span, response, incoming, start, 500);
      throw;
    }
    // httplib answers 200 (206 for a range request) when the handler sets
    // no status.
    const int status = response.status != -1 ? response.status : request.ranges.empty() ? 200 : 206;
    if (status >= 500)
      span.set_error({});
    answer(span, response, incoming, start, status);
  }

private:
  static void answer(SpanGuard& span, httplib::Response& response, const Context& incoming,
                     std::chrono::steady_clock::time_point start, int status) {
    span.set_attribute(key::status_code, status);
    if (status >= 500)
      span.set_attribute(key::error_type, std::to_string(status));
    response.set_header("X-Request-ID", incoming.request().request_id);
    response.set_header("X-Response-Time",
                        format_milliseconds(std::chrono::steady_clock::now() - start));
  }

  const RouteSite& site_;
  const RouteSite* head_site_;
  httplib::Server::Handler handler_;
};

} // namespace

TracedRoutes& TracedRoutes::add(std::string_view method, const std::string& pattern,
                                httplib::Server::Handler handler) {
  using Register =
      httplib::Server& (httplib::Server::*)(const std::string&, httplib::Server::Handler);
  static constexpr std::pair<std::string_view, Register> methods[] = {
      {"GET", &httplib::Server::Get},       {"POST", &httplib::Server::Post},
      {"PUT", &httplib::Server::Put},       {"PATCH", &httplib::Server::Patch},
      {"DELETE", &httplib::Server::Delete}, {"OPTIONS", &httplib::Server::Options},
  };
  for (const auto& [name, register_route] : methods) {
    if (name != method)
      continue;
    const RouteSite* head_site = name == "GET" ? &route_site("HEAD", pattern) : nullptr;
    (server_.*register_route)(
        pattern, TracedHandler(route_site(name, pattern), head_site, std::move(handler)));
    return *this;
  }
  throw std::invalid_argument("telegen: cannot route HTTP method '" + std::string(method) +
                              "' for '" + pattern +
                              "'; httplib routes GET, POST, PUT, PATCH, DELETE and OPTIONS");
}

} // namespace telegen::http
