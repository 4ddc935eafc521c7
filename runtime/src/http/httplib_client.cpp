// Client: httplib requests that carry the caller's context in a client span.
#include "telegen/httplib.hpp"

#include "context/context_access.hpp"
#include "core/redaction.hpp"
#include "http/debug_events.hpp"
#include "http/http_events.hpp"
#include "telegen/detail/debug_mode.hpp"
#include "telegen/detail/http_metrics.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include <chrono>
#include <utility>

namespace telegen::http {
namespace {

// The attributes of client spans, by their index in client_keys.
namespace key {
constexpr std::size_t method = 0, server_address = 1, server_port = 2, url = 3, status_code = 4,
                      error_type = 5, scheme = 6, protocol_version = 7, user_agent = 8;
} // namespace key
constexpr std::string_view client_keys[] = {
    "http.request.method",       "server.address", "server.port", "url.full",
    "http.response.status_code", "error.type",     "url.scheme",  "network.protocol.version",
    "user_agent.original"};

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

// The debug mode of the request the calling thread serves, or null.
const detail::DebugMode* current_debug_mode() noexcept {
  const detail::Frame* frame = detail::current_frame();
  return frame != nullptr && frame->extras != nullptr ? (*frame->extras)->debug.get() : nullptr;
}

// "Name: value" lines, values under a secret's name redacted.
std::string redacted_headers(const httplib::Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty())
      out += '\n';
    out += name;
    out += ": ";
    out += detail::is_sensitive_key(name) ? detail::redacted_value : std::string_view(value);
  }
  return out;
}

const detail::SpanSite& site_for(std::string_view method) {
  for (const detail::SpanSite& site : client_sites)
    if (site.name == method)
      return site;
  return other_method_site;
}

} // namespace

Client::Client(std::string host, int port, std::string peer_service)
    : host_(std::move(host)), port_(port),
      peer_service_(peer_service.empty() ? host_ + ":" + std::to_string(port_)
                                         : std::move(peer_service)),
      client_(host_, port_) {}

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
  const auto start = std::chrono::steady_clock::now();
  httplib::Result result = [&] {
    SpanGuard span(site);
    span.set_attribute(key::method, &site == &other_method_site
                                        ? std::string_view("_OTHER")
                                        : std::string_view(request.method));
    span.set_attribute(key::server_address, host_);
    span.set_attribute(key::server_port, port_);
    span.set_attribute(key::scheme, "http");
    // httplib's client speaks HTTP/1.1 only.
    span.set_attribute(key::protocol_version, "1.1");
    if (span.is_recording()) {
      span.set_attribute(key::url, "http://" + host_ + ":" + std::to_string(port_) + request.path);
      if (request.has_header("User-Agent"))
        span.set_attribute(key::user_agent, request.get_header_value("User-Agent"));
    }
    HeaderCarrier carrier(request.headers);
    inject(carrier);
    httplib::Result answer = client_.send(request);
    if (!answer) {
      const std::string error = httplib::to_string(answer.error());
      span.set_attribute(key::error_type, error);
      span.set_error(error);
    } else {
      span.set_attribute(key::status_code, answer->status);
      if (answer->status >= 400) {
        span.set_attribute(key::error_type, std::to_string(answer->status));
        span.set_error({});
      }
    }
    return answer;
  }();
  record(request, result, std::chrono::steady_clock::now() - start);
  return result;
}

// The http schema's client metric, and the http_client_request record, in
// the caller's context.
void Client::record(const httplib::Request& request, const httplib::Result& result,
                    std::chrono::steady_clock::duration elapsed) const {
  const int status = result ? result->status : 0;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (const detail::HttpMetrics* metrics = detail::http_metrics())
    metrics->client({peer_service_, status, seconds});
  if (!log_enabled(detail::client_request_site.level))
    return;
  const std::string endpoint = "http://" + host_ + ":" + std::to_string(port_) + request.path;
  const std::string error = result ? std::string() : httplib::to_string(result.error());
  const AttributeValue answered = result ? AttributeValue(status) : AttributeValue();
  detail::emit_log(detail::client_request_site,
                   {peer_service_, endpoint, request.method, answered, seconds * 1000.0,
                    result ? AttributeValue() : AttributeValue(error)});
  const detail::DebugMode* mode = current_debug_mode();
  if (mode != nullptr &&
      (mode->scope == detail::DebugScope::all || mode->scope == detail::DebugScope::external)) {
    const std::string response_headers = result ? redacted_headers(result->headers) : "";
    detail::emit_log(detail::debug_client_request_site,
                     {peer_service_, endpoint, request.method, answered, seconds * 1000.0,
                      redacted_headers(request.headers),
                      result ? AttributeValue(response_headers) : AttributeValue()});
  }
}

} // namespace telegen::http
