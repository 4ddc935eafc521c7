#include "stock.hpp"

#include "lines.hpp"

#include <telegen/annotate.hpp>
#include <telegen/context.hpp>
#include <telegen/log.hpp>
#include <telegen/propagation.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/use_awaitable.hpp>

#include <map>
#include <string>
#include <utility>

namespace pipeline {
namespace {

TELEGEN_SPAN("stock.lookup", kind = server, attrs(item))
int stock_lookup(const std::string& item) {
  static const std::map<std::string, int> stock{{"apple", 9}, {"pear", 4}, {"plum", 2}};
  const auto found = stock.find(item);
  const int count = found == stock.end() ? 0 : found->second;
  telegen::log(telegen::Level::info, "stock", "stock_answered", {{"item", item}, {"count", count}});
  return count;
}

asio::awaitable<void> stock_session(asio::ip::tcp::socket socket) {
  std::string buffer;
  while (auto line = co_await read_line(socket, buffer)) {
    const auto parts = words(*line);
    std::string reply;
    if (parts.size() != 3 || parts[0] != "CHECK") {
      reply = "ERROR expected: CHECK <item> <trace-context>, got: " + *line;
    } else {
      // The caller's trace; held only while nothing is awaited.
      telegen::Scope scope(telegen::extract_field(parts[2]));
      reply = "STOCK " + std::to_string(stock_lookup(std::string(parts[1])));
    }
    co_await write_line(socket, std::move(reply));
  }
}

} // namespace

asio::awaitable<void> serve_stock(asio::ip::tcp::acceptor& acceptor) {
  for (;;) {
    auto [error, socket] =
        co_await acceptor.async_accept(asio::experimental::as_tuple(asio::use_awaitable));
    if (error)
      co_return; // closed: shutting down
    asio::co_spawn(acceptor.get_executor(), stock_session(std::move(socket)), asio::detached);
  }
}

} // namespace pipeline
