// The events of the built-in debug schema (schemas/debug.yaml) the Debug
// API writes. Their fields are the schema's, in its order; the audit
// records are guaranteed (never dropped, as the schema declares them);
// test/validate-events/builtin-debug-events checks records against it.
#pragma once

#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include <string_view>

namespace telegen::detail {

inline constexpr std::string_view debug_token_fields[] = {"who",   "role",        "debug_id",
                                                          "scope", "frontend_id", "expires_at"};
inline constexpr EventSite debug_token_issued_site{Level::warning,
                                                   "debug",
                                                   "debug_token_issued",
                                                   "telegen::detail::serve_debug_api",
                                                   0,
                                                   "runtime/src/http/debug_endpoint.cpp",
                                                   debug_token_fields, Delivery::guaranteed};
inline constexpr EventSite debug_token_revoked_site{Level::warning,
                                                    "debug",
                                                    "debug_token_revoked",
                                                    "telegen::detail::serve_debug_api",
                                                    0,
                                                    "runtime/src/http/debug_endpoint.cpp",
                                                    debug_token_fields, Delivery::guaranteed};

inline constexpr std::string_view debug_refused_fields[] = {"who",   "status",      "error",
                                                            "scope", "frontend_id", "expires_at"};
inline constexpr EventSite debug_request_refused_site{Level::warning,
                                                      "debug",
                                                      "debug_request_refused",
                                                      "telegen::detail::serve_debug_api",
                                                      0,
                                                      "runtime/src/http/debug_endpoint.cpp",
                                                      debug_refused_fields, Delivery::guaranteed};

inline constexpr std::string_view debug_timing_fields[] = {
    "endpoint",    "method",   "status",   "duration_ms", "external_ms",
    "database_ms", "other_ms", "debug_id", "spans"};
inline constexpr EventSite debug_request_timing_site{Level::debug,
                                                     "debug",
                                                     "debug_request_timing",
                                                     "telegen::http::TracedRoutes",
                                                     0,
                                                     "runtime/src/http/httplib_server.cpp",
                                                     debug_timing_fields};

inline constexpr std::string_view debug_client_fields[] = {
    "peer_service", "endpoint",        "method",          "status",
    "duration_ms",  "request_headers", "response_headers"};
inline constexpr EventSite debug_client_request_site{Level::debug,
                                                     "debug",
                                                     "debug_client_request",
                                                     "telegen::http::Client::send",
                                                     0,
                                                     "runtime/src/http/httplib_client.cpp",
                                                     debug_client_fields};

} // namespace telegen::detail
