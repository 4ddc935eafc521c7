// Bearer tokens in Authorization headers, compared without telling by the
// time taken how much of a guess was right.
#pragma once

#include <optional>
#include <string_view>

namespace telegen::detail {

// The token of an "Authorization: Bearer <token>" header value, or nothing.
std::optional<std::string_view> bearer_token(std::string_view authorization) noexcept;

// Compares every byte whatever the first difference.
bool same_secret(std::string_view given, std::string_view expected) noexcept;

} // namespace telegen::detail
