// The example's wire format: one request or answer per '\n'-terminated
// line of space-separated words, over TCP.
#pragma once

#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pipeline {

// The next line from `socket` (without its '\n'), reading into `buffer`,
// which keeps what arrived after it; nothing when the peer closed.
asio::awaitable<std::optional<std::string>> read_line(asio::ip::tcp::socket& socket,
                                                      std::string& buffer);

// Writes `line` and a '\n'.
asio::awaitable<void> write_line(asio::ip::tcp::socket& socket, std::string line);

// The line's space-separated words.
std::vector<std::string_view> words(std::string_view line);

} // namespace pipeline
