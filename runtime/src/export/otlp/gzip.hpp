// gzip for OTLP request bodies (Content-Encoding: gzip).
#pragma once

#include <string>
#include <string_view>

namespace telegen::detail {

// Replaces `out` with `data` gzip-compressed. False if zlib fails.
bool gzip(std::string_view data, std::string& out);

} // namespace telegen::detail
