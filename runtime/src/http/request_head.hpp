// The header block of the request the calling thread serves, as the client
// sent it: telegen::http::Server records it, TracedRoutes reads the
// propagation headers from it.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen::detail {

// The raw request line and header lines (through the blank line) of the
// request being served on this thread by a telegen::http::Server; null on
// any other server. Set around each request by the server.
const std::string* current_request_head() noexcept;

// The header fields of a raw head, names and values as sent (values
// without surrounding whitespace), in order; the request line is skipped.
std::vector<std::pair<std::string_view, std::string_view>> raw_header_fields(std::string_view head);

} // namespace telegen::detail
