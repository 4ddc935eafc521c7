// The exception being handled, for `catch (...)` handlers on the error path.
#pragma once

namespace telegen::detail {

// what() of the exception being handled when it is a std::exception;
// null for another type, or when none is being handled. Rethrows it to find
// out, which is slow: for error paths only.
const char* current_exception_message() noexcept;

} // namespace telegen::detail
