// TracedRoutes: httplib handlers run in a server span under the caller's
// context.
#include "telegen/httplib.hpp"

#include "context/context_access.hpp"
#include "core/clock.hpp"
#include "http/debug_events.hpp"
#include "http/http_events.hpp"
#include "http/request_head.hpp"
#include "http/route_template.hpp"
#include "telegen/context.hpp"
#include "telegen/detail/debug_mode.hpp"
#include "telegen/detail/http_metrics.hpp"
#include "telegen/log.hpp"
#include "telemetry/running.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
                      error_type = 5, scheme = 6, server_address = 7, server_port = 8,
                      protocol_version = 9, user_agent = 10;
} // namespace key
constexpr std::string_view server_keys[] = {
    "http.request.method", "http.route",  "url.path",       "client.address",
    "http.response.status_code", "error.type", "url.scheme", "server.address",
    "server.port",         "network.protocol.version", "user_agent.original"};

// The context a request carries: from its header block as sent when the
// server recorded it (telegen::http::Server), else from httplib's decoded
// headers.
Context incoming_context(const httplib::Request& request) {
  if (const std::string* head = detail::current_request_head()) {
    const auto fields = detail::raw_header_fields(*head);
    return extract(HeaderCarrier(fields));
  }
  return extract(HeaderCarrier(request.headers));
}

// The host and port the client addressed (its Host header), else the
// socket's local address.
void set_server_address(SpanGuard& span, const httplib::Request& request) {
  const std::string host_header = request.get_header_value("Host");
  std::string_view host = host_header;
  int port = request.local_port;
  const std::size_t colon = host.rfind(':');
  if (!host.empty() && colon != std::string_view::npos && host.back() != ']') {
    port = std::atoi(std::string(host.substr(colon + 1)).c_str());
    host = host.substr(0, colon);
  }
  span.set_attribute(key::server_address, host.empty() ? std::string_view(request.local_addr) : host);
  if (port > 0)
    span.set_attribute(key::server_port, port);
}

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
// Leaked on purpose: spans may still be exported during static destruction.
using RouteSites = std::map<std::pair<std::string, std::string>, std::unique_ptr<const RouteSite>>;
RouteSites& route_sites() {
  static auto* const sites = new RouteSites();
  return *sites;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] RouteSites& route_sites_at_load = route_sites();

const RouteSite& route_site(std::string_view method, std::string_view route) {
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<const RouteSite>& site = route_sites()[{std::string(method), std::string(route)}];
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

double milliseconds(std::chrono::steady_clock::duration elapsed) {
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

// One request a route serves, from the context it arrived with to its
// answer: the span's HTTP attributes, the response headers, the http
// schema's metrics and the slow-request record.
class ServedRequest {
public:
  ServedRequest(const RouteSite& route, const httplib::Request& request)
      : route_(route), request_(request), incoming_(with_timing(incoming_context(request))),
        scope_(incoming_), span_(route.site) {
    span_.set_attribute(key::method, route.method);
    span_.set_attribute(key::route, route.route);
    span_.set_attribute(key::path, request.path);
    span_.set_attribute(key::client_address, request.remote_addr);
    span_.set_attribute(key::scheme, "http");
    if (span_.is_recording()) {
      set_server_address(span_, request);
      const std::string_view version = request.version;
      span_.set_attribute(key::protocol_version,
                          version.substr(0, 5) == "HTTP/" ? version.substr(5) : version);
      if (request.has_header("User-Agent"))
        span_.set_attribute(key::user_agent, request.get_header_value("User-Agent"));
    }
  }

  SpanGuard& span() noexcept { return span_; }

  // Records the answer `status`, still in the request's span and context.
  void answer(httplib::Response& response, int status) {
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    const std::uint64_t ticks = detail::now_ticks() - start_ticks_;
    span_.set_attribute(key::status_code, status);
    if (status >= 500)
      span_.set_attribute(key::error_type, std::to_string(status));
    response.set_header("X-Request-ID", incoming_.request().request_id);
    response.set_header("X-Response-Time", format_milliseconds(elapsed));
    const double seconds = std::chrono::duration<double>(elapsed).count();
    if (const detail::HttpMetrics* metrics = detail::http_metrics())
      metrics->server({route_.method, route_.route, status, incoming_.request().frontend, seconds,
                       request_.body.size(), response.body.size()});
    const auto threshold = detail::slow_request_threshold();
    const bool slow = threshold.count() > 0 && elapsed > threshold;
    if (slow || debug_mode() != nullptr) {
      const TimeSplit split = split_time(elapsed, ticks);
      if (slow)
        detail::emit_log(detail::slow_request_site,
                         {route_.route, route_.method, status, split.total,
                          static_cast<double>(threshold.count()), split.external, split.database,
                          split.other});
      if (const detail::DebugMode* mode = debug_mode()) {
        const double ms_per_tick = ticks == 0 ? 0.0 : split.total / static_cast<double>(ticks);
        detail::emit_log(detail::debug_request_timing_site,
                         {route_.route, route_.method, status, split.total, split.external,
                          split.database, split.other, mode->id,
                          mode->span_times.json(ms_per_tick)});
      }
    }
  }

private:
  // Where the request's time went, in milliseconds.
  struct TimeSplit {
    double total, external, database, other;
  };

  const detail::DebugMode* debug_mode() const noexcept {
    return detail::ContextAccess::extras(incoming_)->debug.get();
  }

  static Context with_timing(const Context& context) {
    auto extras = std::make_unique<detail::ContextExtras>(
        *detail::ContextAccess::extras(context));
    extras->timing = std::make_shared<detail::RequestTiming>();
    return detail::ContextAccess::make(
        context.span_context(), detail::ContextAccess::recording(context),
        std::move(extras));
  }

  // The time in client spans under the request, split from the rest in
  // proportion of ticks (the span ends and the request's end use one clock).
  TimeSplit split_time(std::chrono::steady_clock::duration elapsed, std::uint64_t ticks) const {
    const detail::RequestTiming& timing = *detail::ContextAccess::extras(incoming_)->timing;
    const double total = milliseconds(elapsed);
    const auto share = [&](const std::atomic<std::uint64_t>& part) {
      return ticks == 0 ? 0.0
                        : total * static_cast<double>(part.load(std::memory_order_relaxed)) /
                              static_cast<double>(ticks);
    };
    const double external = share(timing.external_ticks);
    const double database = share(timing.database_ticks);
    return {total, external, database, std::max(0.0, total - external - database)};
  }

  const RouteSite& route_;
  const httplib::Request& request_;
  const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  const std::uint64_t start_ticks_ = detail::now_ticks();
  const Context incoming_;
  Scope scope_;
  SpanGuard span_;
};

class TracedHandler {
public:
  TracedHandler(const RouteSite& site, const RouteSite* head_site, httplib::Server::Handler handler)
      : site_(site), head_site_(head_site), handler_(std::move(handler)) {}

  void operator()(const httplib::Request& request, httplib::Response& response) const {
    ServedRequest served(head_site_ != nullptr && request.method == "HEAD" ? *head_site_ : site_,
                         request);
    try {
      handler_(request, response);
    } catch (const std::exception& error) {
      served.span().record_exception(error);
      served.answer(response, 500);
      throw;
    } catch (...) {
      served.span().record_exception();
      served.answer(response, 500);
      throw;
    }
    // httplib answers 200 (206 for a range request) when the handler sets
    // no status.
    const int status = response.status != -1 ? response.status : request.ranges.empty() ? 200 : 206;
    if (status >= 500)
      served.span().set_error({});
    served.answer(response, status);
  }

private:
  const RouteSite& site_;
  const RouteSite* head_site_;
  httplib::Server::Handler handler_;
};

} // namespace

TracedRoutes& TracedRoutes::add(std::string_view method, const std::string& route,
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
    const detail::Route parsed = detail::parse_route(route);
    const RouteSite* head_site = name == "GET" ? &route_site("HEAD", parsed.name) : nullptr;
    (server_.*register_route)(parsed.regex, TracedHandler(route_site(name, parsed.name), head_site,
                                                          std::move(handler)));
    return *this;
  }
  throw std::invalid_argument("telegen: cannot route HTTP method '" + std::string(method) +
                              "' for '" + route +
                              "'; httplib routes GET, POST, PUT, PATCH, DELETE and OPTIONS");
}

} // namespace telegen::http
