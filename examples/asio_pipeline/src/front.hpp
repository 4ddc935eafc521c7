// The front service: answers "ORDER <request-id> <item> <quantity>" with
// "ACCEPTED <request-id>" once the downstream stock service confirmed the
// stock and a shipment is queued, "REJECTED <request-id> out of stock", or
// "ERROR ..." naming what was wrong with the line or the request.
#pragma once

#include "shipping.hpp"

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

namespace pipeline {

struct Front {
  asio::ip::tcp::endpoint stock; // the downstream
  ShipQueue* queue;
};

// Serves every connection `acceptor` accepts until it is closed.
asio::awaitable<void> serve_orders(asio::ip::tcp::acceptor& acceptor, Front front);

} // namespace pipeline
