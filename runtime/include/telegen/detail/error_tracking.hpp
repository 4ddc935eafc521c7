// Error tracking: exceptions grouped by their type and the instrumented
// function they escaped. For generated code only.
//
// `telegen instrument` writes into each instrumented function's handlers
//
//   } catch (const ::std::exception &telegen_exception_) {
//     ::telegen::detail::exception_escaped(telegen_site_, telegen_exception_); ...; throw;
//   } catch (...) { ::telegen::detail::exception_escaped(telegen_site_); ...; throw; }
//
// and a schema that imports the built-in `errors` schema generates the
// recorder (errors_total, new_error_type) and registers it:
//
//   inline const ::telegen::detail::ErrorTrackingRegistration error_tracking{&record_escaped_error};
//
// Without a registered recorder, exception_escaped does nothing. None of it
// runs unless an exception is thrown: the handlers are off the path of a
// call that returns.
#pragma once

#include "telegen/detail/site.hpp"
#include "telegen/log.hpp"

#include <exception>
#include <string_view>

namespace telegen::detail {

// One exception escaping an instrumented function, as a recorder sees it.
// The views are valid during the recorder's call only.
struct EscapedError {
  // Demangled ("std::runtime_error"), or "unknown" for an exception the C++
  // runtime cannot name (one thrown by another language).
  std::string_view type;
  // what() of a std::exception; null for other types.
  const char* message;
  // The function it escaped (site->function), with its file and line.
  const SpanSite* site;
  // The first time this (type, site->function) pair escaped in this
  // process (of the first 1024 pairs; later pairs are never first, and
  // telegen_error_pairs_untracked_total counts their exceptions).
  bool first_seen;
  // When first_seen: the stack from the function's handler up, symbolized
  // (one line per frame, as exception.stacktrace). Empty otherwise.
  std::string_view stacktrace;
};

using ErrorRecorder = void (*)(const EscapedError&) noexcept;

// Makes `recorder` the process's recorder of escaped exceptions; the last
// registration wins. Thread-safe.
class ErrorTrackingRegistration {
public:
  explicit ErrorTrackingRegistration(ErrorRecorder recorder) noexcept;
  ErrorTrackingRegistration(const ErrorTrackingRegistration&) = delete;
  ErrorTrackingRegistration& operator=(const ErrorTrackingRegistration&) = delete;
};

// The handlers' calls: reports the exception being handled to the recorder,
// once per exception (an exception rethrown through several instrumented
// functions is reported by the innermost only). Never throws; thread-safe.
void exception_escaped(const SpanSite& site, const std::exception& exception) noexcept;
// For `catch (...)`: the same, for the exception being handled.
void exception_escaped(const SpanSite& site) noexcept;

// The site's function, file and line as a log record's location. Its views
// are the generator's string literals, so their data() end in a null.
constexpr SourceLocation source_of(const SpanSite& site) noexcept {
  return {site.function.data(), site.file.data(), site.line};
}

} // namespace telegen::detail
