// The downstream service: answers "CHECK <item> <trace-context>" with
// "STOCK <count>", in the trace of the caller, whose context arrives as
// the line's last word (telegen::inject_field's format).
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

namespace pipeline {

// Serves every connection `acceptor` accepts until it is closed.
asio::awaitable<void> serve_stock(asio::ip::tcp::acceptor& acceptor);

} // namespace pipeline
