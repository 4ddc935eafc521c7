// Client: httplib requests that carry the caller's context in a client span.
#include "telegen/httplib.hpp"

#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include <utility>

namespace telegen::http {
namespace {

// The attributes of client spans, by their index in client_keys.
namespace key {
constexpr std::size_t method = 0, server_address = 1, server_port = 2, url = 3, status_code = 4,
                      error_type = 5;
} // namespace key
constexpr std::string_view client_keys[] = {
    "http.request.method",       "server.address", "server.port", "url.full",
    "http.response.status_code", "error.type"};

constexpr detail::SpanSite client_site(std::string_view method) {
  return {method, SpanKind::client, {}, {}, 0, client_keys};
}

// OpenTelemetry names a client span after its method, and names every
// method it does not know "HTTP" (and records it as "_OTHER"), so that a
// client sending arbitrary methods cannot grow the set of span names.
constexpr detail::SpanSite client_sites[] = {
    client_site("GET"),     client_site("POST"),   client_site("PUT"),
    client_site("PATCH"),   client_site("DELETE"), client_site("HEAD"),
    client_site("OPTIONS"), client_site("TRACE"),  client_site("CONNECT"),
};
constexpr detail::SpanSite other_method_site{"HTTP", SpanKind::client, {}, {}, 0, client_keys};

const detail::SpanSite& site_for(std::string_view method) {
  for (const detail::SpanSite& site : client_sites)
    if (site.name == method)
      return site;
  return other_method_site;
}

} // namespace

Client::Client(std::string host, int port)
    : host_(std::move(host)), port_(port), client_(host_, port_) {}

httplib::Result Client::get(const std::string& path, httplib::Headers headers) {
  httplib::Request request;
  request.method = "GET";
  request.path = path;
  request.headers = std::move(headers);
  return send(std::move(request));
}

httplib::Result Client::post(const std::string& path, std::string body,
                             const std::string& content_type, httplib::Headers headers) {
  httplib::Request request;
  request.method = "POST";
  request.path = path;
  request.headers = std::move(headers);
  request.set_header("Content-Type", content_type);
  request.body = std::move(body);
  return send(std::move(request));
}

httplib::Result Client::send(httplib::Request request) {
  const detail::SpanSite& site = site_for(request.method);
  SpanGuard span(site);
  span.set_attribute(key::method, &site == &other_method_site ? std::string_view("_OTHER")
                                                              : std::string_view(request.method));
  span.set_attribute(key::server_address, host_);
  span.set_attribute(key::server_port, port_);
  if (span.is_recording())
    span.set_attribute(key::url, "http://" + host_ + ":" + std::to_string(port_) + request.path);
  HeaderCarrier carrier(request.headers);
  inject(carrier);

  httplib::Result result = client_.send(request);
  if (!result) {
    const std::string error = httplib::to_string(result.error());
    span.set_attribute(key::error_type, error);
    span.set_error(error);
    return result;
  }
  const int status = result->status;
  span.set_attribute(key::status_code, status);
  if (status >= 400) {
    span.set_attribute(key::error_type, std::to_string(status));
    span.set_error({});
  }
  return result;
}

} // namespace telegen::http
