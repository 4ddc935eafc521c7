#include "shipping.hpp"

#include "under_context.hpp"

#include <telegen/annotate.hpp>
#include <telegen/log.hpp>

#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <utility>

namespace pipeline {
namespace {

TELEGEN_SPAN("pipeline.ship", kind = consumer, attrs(item, quantity))
asio::awaitable<void> ship(std::string item, int quantity) {
  asio::steady_timer packing(co_await asio::this_coro::executor,
                             std::chrono::microseconds(200 * quantity));
  co_await packing.async_wait(asio::use_awaitable);
  telegen::log(telegen::Level::info, "pipeline", "shipped",
               {{"item", item}, {"quantity", quantity}});
}

} // namespace

TELEGEN_SPAN("pipeline.enqueue", kind = producer, attrs(item))
asio::awaitable<void> enqueue_shipment(ShipQueue& queue, std::string item, int quantity) {
  // The producer/consumer annotations of the tasks schema would carry this
  // context; here it goes into the message by hand.
  Shipment shipment{std::move(item), quantity, telegen::Context::current()};
  co_await queue.async_send(asio::error_code{}, std::move(shipment), asio::use_awaitable);
}

asio::awaitable<void> shipper(ShipQueue& queue) {
  for (;;) {
    Shipment shipment = co_await queue.async_receive(asio::use_awaitable);
    if (shipment.item.empty())
      co_return;
    co_await run_under(shipment.context, ship(shipment.item, shipment.quantity));
  }
}

asio::awaitable<void> stop_shippers(ShipQueue& queue, int shippers) {
  for (int i = 0; i < shippers; ++i) {
    // A named value: g++ 12 destroys a Shipment{} temporary of this
    // full-expression twice across the suspension.
    Shipment stop;
    co_await queue.async_send(asio::error_code{}, std::move(stop), asio::use_awaitable);
  }
}

} // namespace pipeline
