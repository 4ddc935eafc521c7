// The second stage: shipments queued by accepted orders, shipped by a few
// shipper coroutines on their own io_context. Each queued shipment carries
// the context of the code that queued it, so the shipping span is the
// child of the producer's span in the order's trace.
#pragma once

#include <telegen/context.hpp>

#include <asio/awaitable.hpp>
#include <asio/error_code.hpp>
#include <asio/experimental/concurrent_channel.hpp>

#include <string>

namespace pipeline {

struct Shipment {
  std::string item; // empty: the shipper that receives it stops
  int quantity = 0;
  telegen::Context context; // the producer's, carried by hand
};

// Bounded: a producer waits while it is full.
using ShipQueue = asio::experimental::concurrent_channel<void(asio::error_code, Shipment)>;

// Queues a shipment of an accepted order (a producer span).
asio::awaitable<void> enqueue_shipment(ShipQueue& queue, std::string item, int quantity);

// Ships what `queue` delivers until it receives a stop shipment.
asio::awaitable<void> shipper(ShipQueue& queue);

// Queues `shippers` stop shipments, after everything queued before.
asio::awaitable<void> stop_shippers(ShipQueue& queue, int shippers);

} // namespace pipeline
