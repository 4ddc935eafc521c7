#include "telegen/log_exception.hpp"

#include "core/stacktrace.hpp"
#include "trace/current_exception.hpp"

#include <cxxabi.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <typeinfo>

namespace telegen {

// Not inlined: the stack starts at its caller.
[[gnu::noinline]] void log_exception(Level level, std::string_view logger, std::string_view event,
                                     detail::SourceLocation where) noexcept {
  if (!log_enabled(level))
    return;
  try {
    std::uintptr_t frames[detail::max_stack_frames];
    const std::size_t count = detail::capture_stack(frames, detail::max_stack_frames, 1);
    std::string stacktrace;
    detail::append_stacktrace(stacktrace, frames, count);

    AttributeValue type = nullptr;
    char* demangled = nullptr;
    if (const std::type_info* info = abi::__cxa_current_exception_type()) {
      int status = 0;
      demangled = abi::__cxa_demangle(info->name(), nullptr, nullptr, &status);
      type = status == 0 && demangled != nullptr ? demangled : info->name();
    }
    const char* message = detail::current_exception_message();
    detail::write_log(level, logger, event,
                      {{"exception.type", type},
                       {"exception.message", message != nullptr ? AttributeValue(message) : nullptr},
                       {"exception.stacktrace", stacktrace}},
                      where);
    std::free(demangled);
  } catch (...) {
    // Out of memory: the record is lost rather than the caller's exception
    // replaced.
  }
}

} // namespace telegen
