// The events of the built-in http schema (schemas/http.yaml) that the HTTP
// helpers write whether a service imports the schema or not. Their fields
// are the schema's, in its order; test/validate-events/builtin-http-events
// checks records the runtime wrote against the schema.
#pragma once

#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include <string_view>

namespace telegen::detail {

inline constexpr std::string_view client_request_fields[] = {
    "peer_service", "endpoint", "method", "status", "duration_ms", "error"};
inline constexpr ::telegen::detail::EventSite client_request_site{
    Level::info, "http", "http_client_request", "telegen::http::Client::send", 0,
    "runtime/src/http/httplib_client.cpp", client_request_fields};

inline constexpr std::string_view slow_request_fields[] = {
    "endpoint",     "method",      "status",      "duration_ms",
    "threshold_ms", "external_ms", "database_ms", "other_ms"};
inline constexpr ::telegen::detail::EventSite slow_request_site{
    Level::warning, "http", "slow_request", "telegen::http::TracedRoutes", 0,
    "runtime/src/http/httplib_server.cpp", slow_request_fields};

} // namespace telegen::detail
