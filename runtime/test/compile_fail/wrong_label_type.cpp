// Labels go in declaration order, each of its own type.
#include "generated/telemetry.telegen.hpp"

void serve() {
  telemetry::http_requests_total.inc(telemetry::route::orders, telemetry::method::GET, // GNU: cannot convert 'telemetry::route' to 'telemetry::method'  Clang: cannot initialize a parameter of type 'method' with an rvalue of type 'telemetry::route'
                                     telemetry::status_class::_2xx);
}
