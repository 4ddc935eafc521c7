#include "trace/current_exception.hpp"

#include <exception>

namespace telegen::detail {

const char* current_exception_message() noexcept {
  if (std::current_exception() == nullptr)
    return nullptr;
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return nullptr;
  }
}

} // namespace telegen::detail
