// Trace and request context over HTTP with cpp-httplib (target
// telegen::http): routes whose handlers run in a server span that continues
// the caller's trace, and a client whose requests carry the caller's
// context and are recorded as client spans. Written for cpp-httplib 0.11
// (Debian 12's libcpp-httplib-dev) and later.
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <string_view>

namespace telegen::http {

// An httplib::Server that keeps each request's header block as the client
// sent it. cpp-httplib 0.11 percent-decodes header values when it parses
// them (`tracestate: a=50%25` reaches handlers as `a=50%`), which W3C
// Trace Context forbids for a value a service forwards; TracedRoutes on
// this server reads traceparent, tracestate, baggage and the request
// headers from the bytes received instead. Everything else is
// httplib::Server's, connections and keep-alive included (plain HTTP only:
// it reads the socket through a stream of its own, as httplib's SSLServer
// does through its own).
//
// Thread-safety as httplib::Server: configure and route before listen().
//
//   telegen::http::Server server;
//   telegen::http::TracedRoutes routes(server);
//   ...
//   server.listen("127.0.0.1", 8080);
class Server : public httplib::Server {
private:
  bool process_and_close_socket(socket_t sock) override;
};

// Serves POST /api/telemetry/debug, the Telemetry Debug API, on a
// service's own server as telegen's endpoint serves it: tokens issued and
// revoked as telegen/debug_api.hpp configures (off unless
// TELEGEN_DEBUG_API=on, an admin caller and a secret), every answer
// audited. docs/debugging.md shows the requests.
//
//   telegen::http::Server server;
//   telegen::http::mount_debug_api(server);
void mount_debug_api(httplib::Server& server);

// Registers handlers on an httplib::Server so that each request they serve
//  - continues the caller's trace and request context, extracted from its
//    traceparent, tracestate, baggage, X-Request-ID, X-Frontend-ID,
//    X-Correlation-ID and X-Telegen-Fields headers (a request id is
//    generated when none is valid), read as sent on a telegen::http::Server
//    and as httplib decoded them on any other;
//  - runs in a server span named "METHOD ROUTE", ROUTE being the route
//    template the handler was registered with ("/orders/{id}"), never the
//    request's path nor a regular expression, so a route makes one span
//    name whatever its path parameters (OpenTelemetry's HTTP span naming).
//    Attributes: http.request.method, http.route, url.path, url.scheme,
//    server.address, server.port, client.address,
//    network.protocol.version, user_agent.original and
//    http.response.status_code; error.type and status error for a 5xx
//    answer, and for an exception leaving the handler (recorded, then
//    rethrown for httplib to answer 500);
//  - runs with that span current: spans the handler starts are its
//    children, its log lines carry the request's ids, frontend and origin;
//  - is answered with X-Request-ID (the request id) and X-Response-Time
//    (the time the route took, handler included, "12.345ms");
//  - is counted, when the service imports the built-in http schema, in
//    http_requests_total{method, route, status_class, frontend},
//    http_server_request_duration_seconds and the request and response body
//    size histograms, route being the template;
//  - writes a slow_request record (WARNING: endpoint, method, status,
//    duration_ms, threshold_ms, and the time in client spans under it,
//    external_ms and database_ms, and other_ms, the rest) when it took
//    longer than the slow-request threshold (TELEGEN_SLOW_REQUEST_MS,
//    default 1000);
//  - with a valid X-Debug-Token (telegen/debug_api.hpp) for its frontend,
//    runs in debug mode: its records down to DEBUG are written (in the
//    token's scope), its trace is sampled, every span under it has
//    telegen.debug = true, the token goes on with its context (threads,
//    processes, messages, Client calls), and it ends with a
//    debug_request_timing record (the same split of its time as
//    slow_request's, and its spans by name and parent with counts and
//    durations). An invalid token is ignored and counted in
//    telegen_debug_tokens_ignored_total.
// Requests that match no route registered here are not traced. Routes are
// kept for the life of the process (their spans may be exported after the
// server is gone): register a fixed set at start-up.
//
// Not thread-safe: register routes before the server listens, as with
// httplib::Server itself.
//
//   telegen::http::Server server;
//   telegen::http::TracedRoutes routes(server);
//   routes.add("GET", "/orders/{id:\\d+}", [](const httplib::Request& request,
//                                            httplib::Response& response) {
//     response.set_content(find_order(request.matches[1]), "application/json");
//   });
//   server.listen("127.0.0.1", 8080);
class TracedRoutes {
public:
  explicit TracedRoutes(httplib::Server& server) noexcept : server_(server) {}

  // Serves `method` requests whose path matches `route` with `handler`.
  // `route` is a template: literal text, and path parameters written
  // `{name}` (one path segment) or `{name:regex}` (what the regular
  // expression matches), which the handler reads in order as
  // request.matches[1], [2], ... ("/orders/{id:\\d+}/lines/{line}").
  // `method` is GET (which also answers HEAD), POST, PUT, PATCH, DELETE or
  // OPTIONS, the methods httplib routes. Throws std::invalid_argument for
  // another method, and for a template with regular-expression syntax
  // outside its parameters or a malformed parameter, naming what to write.
  TracedRoutes& add(std::string_view method, const std::string& route,
                    httplib::Server::Handler handler);

private:
  httplib::Server& server_;
};

// An httplib::Client whose requests carry the calling thread's context:
//  - each request is a client span named after its method (OpenTelemetry's
//    name for a client request), a child of the current context, with
//    http.request.method, server.address, server.port, url.full,
//    url.scheme, network.protocol.version, user_agent.original (when the
//    request sets one) and http.response.status_code; error.type and
//    status error for a 4xx or 5xx answer, or for no answer (error.type is
//    httplib's error name);
//  - the request's traceparent (naming the client span), tracestate,
//    baggage, X-Request-ID, X-Frontend-ID, X-Correlation-ID and
//    X-Telegen-Fields headers are set from the context, replacing any the
//    caller set;
//  - each request writes an http_client_request record (INFO: peer_service,
//    endpoint, method, status, duration_ms, error) in the caller's context,
//    and, when the service imports the built-in http schema, its duration
//    in http_client_request_duration_seconds{peer_service, status_class};
//  - in a request in debug mode of scope all or external, each request
//    also writes a debug_client_request record (DEBUG) with the request's
//    and the answer's headers, values under a secret's name (Authorization,
//    Cookie, X-Debug-Token, ...) written as [REDACTED]; its span has
//    telegen.debug = true.
//
// Not thread-safe, as httplib::Client: one per thread, or guard it.
//
//   telegen::http::Client stock("127.0.0.1", 8081);
//   stock.connection().set_read_timeout(2);
//   httplib::Result result = stock.get("/stock/42");
//   if (result && result->status == 200)
//     use(result->body);
class Client {
public:
  // Plain HTTP to host:port. `peer_service` names the dependency in the
  // http schema's client metric and in each http_client_request record
  // (default "host:port").
  Client(std::string host, int port, std::string peer_service = {});

  // The underlying client, for its settings (timeouts, keep-alive, ...).
  httplib::Client& connection() noexcept { return client_; }

  httplib::Result get(const std::string& path, httplib::Headers headers = {});
  httplib::Result post(const std::string& path, std::string body, const std::string& content_type,
                       httplib::Headers headers = {});
  // Any request: its method, path, headers and body.
  httplib::Result send(httplib::Request request);

private:
  void record(const httplib::Request& request, const httplib::Result& result,
              std::chrono::steady_clock::duration elapsed) const;

  std::string host_;
  int port_;
  std::string peer_service_;
  httplib::Client client_;
};

} // namespace telegen::http
