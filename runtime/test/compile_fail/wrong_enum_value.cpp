// A label value the schema does not declare is not an enumerator.
#include "generated/telemetry.telegen.hpp"

void serve() {
  telemetry::http_requests_total.inc(telemetry::method::PATCH, telemetry::route::orders, // GNU: 'PATCH' is not a member of 'telemetry::method'  Clang: no member named 'PATCH' in 'telemetry::method'
                                     telemetry::status_class::_2xx);
}
