#include "lines.hpp"

#include <asio/buffer.hpp>
#include <asio/read_until.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include <system_error>

namespace pipeline {

asio::awaitable<std::optional<std::string>> read_line(asio::ip::tcp::socket& socket,
                                                      std::string& buffer) {
  std::size_t length = 0;
  try {
    length = co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer), '\n',
                                             asio::use_awaitable);
  } catch (const std::system_error&) {
    co_return std::nullopt; // closed or reset by the peer
  }
  std::string line = buffer.substr(0, length - 1);
  buffer.erase(0, length);
  co_return line;
}

asio::awaitable<void> write_line(asio::ip::tcp::socket& socket, std::string line) {
  line += '\n';
  co_await asio::async_write(socket, asio::buffer(line), asio::use_awaitable);
}

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> result;
  while (!line.empty()) {
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos)
      break;
    line.remove_prefix(start);
    const std::size_t end = line.find(' ');
    result.push_back(line.substr(0, end));
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  }
  return result;
}

} // namespace pipeline
