// The orders HTTP API on cpp-httplib:
//   POST /orders        item, quantity, payment_method, card_number (form)
//                       201 with the order; 400, 402, 502, 503 or 504 with
//                       {"error": ...}
//   GET  /orders/{id}   200 with the order, or 404
// Every route runs in a server span continuing the caller's trace
// (telegen::http::TracedRoutes) and is measured by the schema's RED metrics.
#pragma once

#include "service.hpp"

#include <httplib.h>

namespace orders {

void add_routes(httplib::Server& server, OrderService& service);

} // namespace orders
