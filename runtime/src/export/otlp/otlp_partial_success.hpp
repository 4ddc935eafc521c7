// The partial success in an OTLP export response: how many items the
// receiver rejected and why. The three signals' responses have the same
// shape (Export*ServiceResponse { Export*PartialSuccess partial_success =
// 1 { int64 rejected_* = 1; string error_message = 2; } }).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace telegen::detail {

struct PartialSuccess {
  std::int64_t rejected = 0;
  std::string error_message;
};

// From a protobuf response body. Nothing when the body holds no partial
// success or is not a valid message.
std::optional<PartialSuccess> partial_success_from_protobuf(std::string_view body);

// From a JSON response body, the count under `rejected_key` ("rejectedSpans",
// ...) as a number or a decimal string. Nothing when neither the count nor
// an error message is there.
std::optional<PartialSuccess> partial_success_from_json(std::string_view body,
                                                        std::string_view rejected_key);

} // namespace telegen::detail
