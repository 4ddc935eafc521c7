// What `telegen instrument` writes into users' functions uses this header
// and nothing else: span guards (coroutine spans too), attribute
// conversions, result status, escaped exceptions, context boundaries and
// message carriers. For generated code only.
#pragma once

#include "telegen/context.hpp"
#include "telegen/detail/coroutine_span.hpp"
#include "telegen/detail/error_tracking.hpp"
#include "telegen/detail/messaging.hpp"
#include "telegen/detail/process.hpp"
#include "telegen/span.hpp"

// The instrumenter defines these in a file whose Asio call sites it
// rewrote (the handlers' associations need the library's own headers).
#if defined(TELEGEN_INSTRUMENT_ASIO)
#include "telegen/asio.hpp"
#endif
#if defined(TELEGEN_INSTRUMENT_BOOST_ASIO)
#include "telegen/boost_asio.hpp"
#endif

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>

namespace telegen::detail {

// One enumerator and its name, in the table the instrumenter writes from
// the enum's definition.
template <class Enum> struct EnumName {
  Enum value;
  std::string_view name;
};

// An enum attribute is recorded as the enumerator's name, or as its number
// when no enumerator has that value (flag combinations, casts).
template <class Enum, std::size_t N>
AttributeValue enum_name(Enum value, const EnumName<Enum> (&names)[N]) noexcept {
  for (const EnumName<Enum>& entry : names)
    if (entry.value == value)
      return entry.name;
  return static_cast<std::underlying_type_t<Enum>>(value);
}

template <class T> struct IsDuration : std::false_type {};
template <class Rep, class Period>
struct IsDuration<std::chrono::duration<Rep, Period>> : std::true_type {};

// Values the instrumenter cannot classify when it writes the code: those of
// a template parameter's type, and durations (recorded in seconds, as
// OpenTelemetry records durations).
template <class T> AttributeValue attribute_value(const T& value) noexcept {
  if constexpr (std::is_enum_v<T>)
    return static_cast<std::underlying_type_t<T>>(value);
  else if constexpr (IsDuration<T>::value)
    return std::chrono::duration<double>(value).count();
  else
    return AttributeValue(value);
}

template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

template <class T, class = void> struct HasMessage : std::false_type {};
template <class T>
struct HasMessage<T, std::void_t<decltype(std::string_view(std::declval<const T&>().message()))>>
    : std::true_type {};
template <class T, class = void> struct HasWhat : std::false_type {};
template <class T>
struct HasWhat<T, std::void_t<decltype(std::string_view(std::declval<const T&>().what()))>>
    : std::true_type {};

// The status description for an expected-like result's error.
template <class Error> std::string error_description(const Error& error) {
  if constexpr (std::is_convertible_v<const Error&, std::string_view>)
    return std::string(std::string_view(error));
  else if constexpr (HasMessage<Error>::value)
    return std::string(std::string_view(error.message()));
  else if constexpr (HasWhat<Error>::value)
    return std::string(std::string_view(error.what()));
  else if constexpr (std::is_enum_v<Error> || std::is_integral_v<Error>)
    return "error " + std::to_string(static_cast<long long>(error));
  else
    return "returned an error";
}

// Marks the span as error when a function's result means failure (status =
// result): false, an empty optional, a set error code, an expected-like
// value without a value.
template <class Result> void observe_result(SpanGuard& span, const Result& result) {
  if constexpr (std::is_same_v<Result, bool>) {
    if (!result)
      span.set_error("returned false");
  } else if constexpr (IsOptional<Result>::value) {
    if (!result.has_value())
      span.set_error("returned no value");
  } else if constexpr (std::is_same_v<Result, std::error_code> ||
                       std::is_same_v<Result, std::error_condition>) {
    if (result)
      span.set_error(result.message());
  } else {
    if (!result.has_value())
      span.set_error(error_description(result.error()));
  }
}

// A `return value;` of a function with status = result becomes
// `return span_result<R>(span, value);`: the same value, observed on its way.
template <class Result, class Value> Result span_result(SpanGuard& span, Value&& value) {
  Result result(std::forward<Value>(value));
  observe_result(span, result);
  return result;
}

} // namespace telegen::detail
