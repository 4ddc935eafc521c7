#include "api.hpp"

#include "telemetry.telegen.hpp"

#include <telegen/httplib.hpp>

#include <cstdlib>
#include <string>
#include <utility>

namespace orders {

namespace {

// The requests being served; TracedRoutes counts and times them by itself
// (the http schema's RED metrics).
httplib::Server::Handler in_flight(httplib::Server::Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& request,
                                        httplib::Response& response) {
    telemetry::http_requests_in_flight.inc();
    try {
      handler(request, response);
    } catch (...) {
      telemetry::http_requests_in_flight.dec();
      throw;
    }
    telemetry::http_requests_in_flight.dec();
  };
}

std::string error_json(const std::string& message) {
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\')
      escaped += '\\';
    if (static_cast<unsigned char>(c) >= 0x20)
      escaped += c;
  }
  return "{\"error\":\"" + escaped + "\"}";
}

int status_of(Failure failure) {
  switch (failure) {
  case Failure::invalid:
    return 400;
  case Failure::declined:
    return 402;
  case Failure::upstream:
    return 502;
  case Failure::unavailable:
    return 503;
  case Failure::timeout:
    return 504;
  }
  return 500;
}

void place(OrderService& service, const httplib::Request& request, httplib::Response& response) {
  OrderRequest order;
  order.item = request.get_param_value("item");
  order.quantity = std::atoll(request.get_param_value("quantity").c_str());
  order.card_number = request.get_param_value("card_number");
  const std::string method_text =
      request.has_param("payment_method") ? request.get_param_value("payment_method") : "card";
  const auto payment_method = parse_payment_method(method_text);
  if (!payment_method) {
    response.status = 400;
    response.set_content(error_json("payment_method must be card, wallet or invoice"),
                         "application/json");
    return;
  }
  order.payment_method = *payment_method;

  const Result<Order> placed = service.place(order);
  if (placed) {
    response.status = 201;
    response.set_header("Location", "/orders/" + std::to_string(placed.value().id));
    response.set_content(placed.value().to_json(), "application/json");
    return;
  }
  response.status = status_of(placed.error().kind);
  if (response.status == 503)
    response.set_header("Retry-After", "2");
  response.set_content(error_json(placed.error().message), "application/json");
}

void find(OrderService& service, const httplib::Request& request, httplib::Response& response) {
  const std::optional<Order> order = service.find(std::atoll(request.matches[1].str().c_str()));
  if (!order) {
    response.status = 404;
    response.set_content(error_json("no such order"), "application/json");
    return;
  }
  response.set_content(order->to_json(), "application/json");
}

} // namespace

void add_routes(httplib::Server& server, OrderService& service) {
  telegen::http::TracedRoutes routes(server);
  routes.add("POST", "/orders",
             in_flight([&service](const httplib::Request& request, httplib::Response& response) {
               place(service, request, response);
             }));
  routes.add("GET", R"(/orders/{id:\d+})",
             in_flight([&service](const httplib::Request& request, httplib::Response& response) {
               find(service, request, response);
             }));
}

} // namespace orders
