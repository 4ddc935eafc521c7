#include "service.hpp"

#include "telemetry.telegen.hpp"

#include <future>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace orders {

namespace {

const std::map<std::string, double, std::less<>> catalog = {
    {"book", 12.50}, {"lamp", 39.90}, {"chair", 84.00}, {"desk", 249.00}, {"pen", 2.20},
};

std::string_view reason(Failure failure) {
  switch (failure) {
  case Failure::invalid:
    return "invalid";
  case Failure::declined:
    return "declined";
  case Failure::unavailable:
    return "payments_unavailable";
  case Failure::upstream:
    return "payments_failed";
  case Failure::timeout:
    return "timeout";
  }
  return "unknown";
}

Result<Order> reject(Failure failure, std::string message) {
  telemetry::order_rejected(reason(failure)).error(message);
  return Result<Order>::failure(failure, std::move(message));
}

} // namespace

OrderService::OrderService(Repository& repository, PaymentsClient& payments, ThreadPool& pool,
                           std::chrono::milliseconds deadline)
    : repository_(repository), payments_(payments), pool_(pool), deadline_(deadline) {}

Result<Order> OrderService::place(const OrderRequest& request) {
  const auto price = catalog.find(request.item);
  if (price == catalog.end())
    return reject(Failure::invalid, "unknown item '" + request.item + "'");
  if (request.quantity < 1 || request.quantity > 100)
    return reject(Failure::invalid, "quantity must be 1 to 100");
  if (request.payment_method == PaymentMethod::card && request.card_number.size() < 12)
    return reject(Failure::invalid, "a card payment needs a card_number");

  Order order;
  order.id = repository_.next_id();
  order.item = request.item;
  order.quantity = request.quantity;
  order.payment_method = request.payment_method;
  order.card_number = request.card_number;
  order.amount = price->second * static_cast<double>(request.quantity);

  // The worker runs fulfil() in this request's trace: submit() is a
  // propagation boundary, so telegen wraps the task at this call site.
  auto done = std::make_shared<std::promise<Result<Order>>>();
  std::future<Result<Order>> fulfilled = done->get_future();
  if (!pool_.submit([this, order, done] { done->set_value(fulfil(order)); }))
    return reject(Failure::unavailable, "the service is shutting down");
  if (fulfilled.wait_for(deadline_) != std::future_status::ready)
    return reject(Failure::timeout,
                  "not fulfilled within " + std::to_string(deadline_.count()) + " ms");

  Result<Order> outcome = fulfilled.get();
  if (!outcome)
    return reject(outcome.error().kind, outcome.error().message);
  const Order& placed = outcome.value();
  telemetry::order_placed(std::to_string(placed.id), placed.payment_method)
      .amount(placed.amount)
      .card_number(placed.card_number); // redacted in the log: the schema says so
  return outcome;
}

std::optional<Order> OrderService::find(std::int64_t id) const { return repository_.find(id); }

Result<Order> OrderService::fulfil(Order order) {
  Result<Receipt> receipt = payments_.charge(order);
  if (!receipt)
    return Result<Order>::failure(receipt.error().kind, receipt.error().message);
  order.payment_id = receipt.value().payment_id;
  repository_.save(order);
  return order;
}

} // namespace orders
