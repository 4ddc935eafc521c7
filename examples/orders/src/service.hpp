// Placing and finding orders. The annotations make each call a span with
// typed attributes, checked against the schema's `spans` when telegen
// instruments this code; they compile to nothing otherwise.
#pragma once

#include "order.hpp"
#include "payments_client.hpp"
#include "repository.hpp"
#include "result.hpp"
#include "thread_pool.hpp"

#include <telegen/annotate.hpp>

#include <chrono>
#include <cstdint>
#include <optional>

namespace orders {

class OrderService {
public:
  OrderService(Repository& repository, PaymentsClient& payments, ThreadPool& pool,
               std::chrono::milliseconds deadline);

  // Validates and prices the order, then has a worker of the pool charge
  // and store it, waiting at most the deadline.
  TELEGEN_SPAN("orders.place",
               attrs("item" = request.item, "quantity" = request.quantity,
                     "payment_method" = request.payment_method),
               status = result)
  Result<Order> place(const OrderRequest& request);

  TELEGEN_SPAN("orders.find", attrs("order_id" = id))
  std::optional<Order> find(std::int64_t id) const;

private:
  // Runs on a worker of the pool, in the trace of the request that
  // submitted it.
  TELEGEN_SPAN("orders.fulfil", attrs("order_id" = order.id, "amount" = order.amount),
               status = result)
  Result<Order> fulfil(Order order);

  Repository& repository_;
  PaymentsClient& payments_;
  ThreadPool& pool_;
  const std::chrono::milliseconds deadline_;
};

} // namespace orders
