#include "front.hpp"

#include "lines.hpp"
#include "under_context.hpp"

#include <telegen/annotate.hpp>
#include <telegen/context.hpp>
#include <telegen/log.hpp>
#include <telegen/propagation.hpp>
#include <telegen/request_context.hpp>
#include <telegen/span.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include <charconv>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

namespace pipeline {
namespace {

TELEGEN_SPAN("stock.check", kind = client, attrs(item))
asio::awaitable<int> check_stock(asio::ip::tcp::endpoint stock, std::string item) {
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  co_await socket.async_connect(stock, asio::use_awaitable);
  co_await write_line(socket, "CHECK " + item + " " + telegen::inject_field());
  std::string buffer;
  const auto reply = co_await read_line(socket, buffer);
  const auto parts = words(reply.value_or(""));
  int count = 0;
  if (parts.size() != 2 || parts[0] != "STOCK" ||
      std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), count).ec != std::errc{})
    throw std::runtime_error("stock service answered '" + reply.value_or("") + "'");
  co_return count;
}

TELEGEN_SPAN("pipeline.order", kind = server, attrs(item, quantity))
asio::awaitable<std::string> handle_order(std::string request_id, std::string item, int quantity,
                                          Front front) {
  telegen::log(telegen::Level::info, "pipeline", "order_received",
               {{"item", item}, {"quantity", quantity}});
  const int available = co_await check_stock(front.stock, item);
  if (available < quantity) {
    telegen::set_error("out of stock");
    co_return "REJECTED " + request_id + " out of stock";
  }
  co_await enqueue_shipment(*front.queue, item, quantity);
  co_return "ACCEPTED " + request_id;
}

// The answer to one line.
asio::awaitable<std::string> answer(std::string line, Front front) {
  const auto parts = words(line);
  int quantity = 0;
  if (parts.size() != 4 || parts[0] != "ORDER" ||
      std::from_chars(parts[3].data(), parts[3].data() + parts[3].size(), quantity).ec !=
          std::errc{} ||
      quantity < 1 || quantity > 1000)
    co_return "ERROR expected: ORDER <request-id> <item> <quantity 1-1000>, got: " + line;
  std::string request_id(parts[1]);
  const telegen::Context request =
      telegen::Context::current().with_request({request_id, telegen::Frontend::api, request_id});
  std::string reply;
  try {
    reply = co_await run_under(request,
                               handle_order(request_id, std::string(parts[2]), quantity, front));
  } catch (const std::exception& error) {
    reply = "ERROR " + request_id + " " + error.what();
  }
  co_return reply;
}

asio::awaitable<void> order_session(asio::ip::tcp::socket socket, Front front) {
  std::string buffer;
  while (auto line = co_await read_line(socket, buffer))
    co_await write_line(socket, co_await answer(std::move(*line), front));
}

} // namespace

asio::awaitable<void> serve_orders(asio::ip::tcp::acceptor& acceptor, Front front) {
  for (;;) {
    auto [error, socket] =
        co_await acceptor.async_accept(asio::experimental::as_tuple(asio::use_awaitable));
    if (error)
      co_return; // closed: shutting down
    asio::co_spawn(acceptor.get_executor(), order_session(std::move(socket), front),
                   asio::detached);
  }
}

} // namespace pipeline
