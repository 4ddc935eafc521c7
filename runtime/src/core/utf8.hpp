// UTF-8 validation shared by the runtime's text outputs (JSON, the
// Prometheus formats): both must stay valid UTF-8 whatever bytes users pass.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace telegen::detail {

// Length of the valid UTF-8 sequence at the start of `s`, or 0 when the
// bytes there are not one (overlong forms, surrogates and code points past
// U+10FFFF are invalid too, as RFC 3629 says).
std::size_t valid_utf8_length(std::string_view s) noexcept;

bool is_valid_utf8(std::string_view text) noexcept;

// `text` with each byte that does not start a valid sequence replaced by
// U+FFFD.
std::string to_valid_utf8(std::string_view text);

} // namespace telegen::detail
