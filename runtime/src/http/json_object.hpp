// A flat JSON object, as the Debug API's requests are: member names and
// scalar values (string, number, true, false, null). Enough to read a
// small request body and say exactly what is wrong with it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace telegen::detail {

struct JsonNull {};
using JsonScalar = std::variant<JsonNull, bool, double, std::string>;

struct FlatJson {
  std::map<std::string, JsonScalar, std::less<>> members;
  std::string error; // non-empty: what is wrong, and where (byte offset)
};

// Parses `text` as one JSON object with scalar members (a nested object or
// array is an error, and so is a repeated name).
FlatJson parse_flat_json(std::string_view text);

} // namespace telegen::detail
