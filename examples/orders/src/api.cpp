#include "api.hpp"

#include "telemetry.telegen.hpp"

#include <telegen/context.hpp>
#include <telegen/httplib.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <utility>

namespace orders {

namespace {

using telemetry::frontend;
using telemetry::method;
using telemetry::route;
using telemetry::status_class;

status_class class_of(int status) {
  if (status >= 500)
    return status_class::_5xx;
  if (status >= 400)
    return status_class::_4xx;
  if (status >= 300)
    return status_class::_3xx;
  return status_class::_2xx;
}

// The frontend label of the request being served (X-Frontend-ID, which
// the traced routes put in the request context).
frontend frontend_of_request() {
  switch (telegen::Context::current().request().frontend) {
  case telegen::Frontend::web:
    return frontend::web;
  case telegen::Frontend::cli:
    return frontend::cli;
  case telegen::Frontend::tui:
    return frontend::tui;
  case telegen::Frontend::mobile:
    return frontend::mobile;
  case telegen::Frontend::telegram:
    return frontend::telegram;
  case telegen::Frontend::api:
    return frontend::api;
  case telegen::Frontend::agent:
    return frontend::agent;
  case telegen::Frontend::internal:
    return frontend::internal;
  case telegen::Frontend::unknown:
    break;
  }
  return frontend::unknown;
}

// RED metrics around a handler: requests by status class and frontend,
// their duration, and how many are in flight. A handler that throws is
// answered 500.
httplib::Server::Handler measured(method m, route r, httplib::Server::Handler handler) {
  return [m, r, handler = std::move(handler)](const httplib::Request& request,
                                              httplib::Response& response) {
    telemetry::http_requests_in_flight.inc();
    const auto begin = std::chrono::steady_clock::now();
    const frontend from = frontend_of_request();
    auto record = [&](int status) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - begin;
      telemetry::http_requests_total.inc(m, r, class_of(status), from);
      telemetry::http_request_duration_seconds.observe(took.count(), m, r, class_of(status), from);
      telemetry::http_requests_in_flight.dec();
    };
    try {
      handler(request, response);
    } catch (...) {
      record(500);
      throw;
    }
    record(response.status);
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
             measured(method::POST, route::orders,
                      [&service](const httplib::Request& request, httplib::Response& response) {
                        place(service, request, response);
                      }));
  routes.add("GET", R"(/orders/(\d+))",
             measured(method::GET, route::order_by_id,
                      [&service](const httplib::Request& request, httplib::Response& response) {
                        find(service, request, response);
                      }));
}

} // namespace orders
