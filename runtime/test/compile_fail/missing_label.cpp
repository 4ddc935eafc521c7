// Every declared label must be given.
#include "generated/telemetry.telegen.hpp"

void serve() {
  telemetry::http_requests_total.inc(telemetry::method::GET, telemetry::route::orders); // GNU: no matching function for call to 'telemetry::http_requests_total_t::inc(telemetry::method, telemetry::route) const'  Clang: too few arguments to function call, expected 3, have 2
}
