#include "telegen/detail/error_tracking.hpp"

#include "core/stacktrace.hpp"
#include "telegen/detail/self_metrics.hpp"
#include "trace/current_exception.hpp"

#include <cxxabi.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <typeinfo>
#include <unordered_set>

namespace telegen::detail {
namespace {

std::atomic<ErrorRecorder> recorder{nullptr};

SelfCounter error_pairs_untracked{
    "telegen_error_pairs_untracked_total",
    "Escaped exceptions whose (type, site) pair was first seen after 1024 pairs were, so that no "
    "new_error_type record was written for it."};

// The (type, function) pairs reported so far, bounded. The error path only
// ever takes the mutex.
class SeenPairs {
public:
  static constexpr std::size_t capacity = 1024;

  enum class Seen { before, first, untracked };

  Seen see(std::string_view type, std::string_view function) {
    std::string key;
    key.reserve(type.size() + 1 + function.size());
    key.append(type).append(1, '\0').append(function);
    std::lock_guard<std::mutex> lock(mutex_);
    if (pairs_.count(key) != 0)
      return Seen::before;
    if (pairs_.size() == capacity)
      return Seen::untracked;
    pairs_.insert(std::move(key));
    return Seen::first;
  }

private:
  std::mutex mutex_;
  std::unordered_set<std::string> pairs_;
};

SeenPairs& seen_pairs() {
  static SeenPairs pairs;
  return pairs;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] SeenPairs& seen_pairs_at_load = seen_pairs();

// The exception this thread reported last, held so that its address is not
// reused: the handlers of outer instrumented functions see it again when it
// is rethrown, and it is reported once.
thread_local std::exception_ptr last_reported;

// Reports the exception being handled, of `type` (a mangled name, or null).
// Not inlined: the stack trace starts at its caller's caller, the handler.
[[gnu::noinline]] void report(const SpanSite& site, const char* mangled_type,
                              const char* message) noexcept {
  const ErrorRecorder record = recorder.load(std::memory_order_acquire);
  if (record == nullptr)
    return;
  try {
    std::exception_ptr current = std::current_exception();
    if (current != nullptr && current == last_reported)
      return;
    last_reported = std::move(current);

    std::string type = "unknown";
    if (mangled_type != nullptr) {
      int status = 0;
      char* demangled = abi::__cxa_demangle(mangled_type, nullptr, nullptr, &status);
      type = status == 0 && demangled != nullptr ? demangled : mangled_type;
      std::free(demangled);
    }
    const SeenPairs::Seen seen = seen_pairs().see(type, site.function);
    if (seen == SeenPairs::Seen::untracked)
      error_pairs_untracked.add();
    std::string stacktrace;
    if (seen == SeenPairs::Seen::first) {
      std::uintptr_t frames[max_stack_frames];
      const std::size_t count = capture_stack(frames, max_stack_frames, 2);
      append_stacktrace(stacktrace, frames, count);
    }
    record(EscapedError{type, message, &site, seen == SeenPairs::Seen::first, stacktrace});
  } catch (...) {
    // Out of memory: the exception goes unreported rather than replaced.
  }
}

} // namespace

ErrorTrackingRegistration::ErrorTrackingRegistration(ErrorRecorder recorder_function) noexcept {
  recorder.store(recorder_function, std::memory_order_release);
}

void exception_escaped(const SpanSite& site, const std::exception& exception) noexcept {
  report(site, typeid(exception).name(), exception.what());
}

void exception_escaped(const SpanSite& site) noexcept {
  const std::type_info* type = abi::__cxa_current_exception_type();
  report(site, type != nullptr ? type->name() : nullptr, current_exception_message());
}

} // namespace telegen::detail
