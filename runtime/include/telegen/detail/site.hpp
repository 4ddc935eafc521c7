// Static per-call-site descriptors. The generator emits one `static
// constexpr` descriptor per instrumented function or event emitter; a hot
// path call passes a pointer to it and copies no strings. For generated
// code only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace telegen {
enum class SpanKind : std::uint8_t;
enum class Level : std::uint8_t;
enum class Delivery : std::uint8_t;
} // namespace telegen

namespace telegen::detail {

// A view of a static array of names (attribute keys, event field names).
struct KeyList {
  const std::string_view* data = nullptr;
  std::size_t size = 0;

  constexpr KeyList() = default;
  template <std::size_t N>
  constexpr KeyList(const std::string_view (&keys)[N]) noexcept : data(keys), size(N) {}
  constexpr std::string_view operator[](std::size_t i) const noexcept { return data[i]; }
};

// One instrumented function:
//
//   static constexpr std::string_view keys[] = {"order_id", "region"};
//   static constexpr ::telegen::detail::SpanSite site{
//       "orders.place", ::telegen::SpanKind::server, "place", "src/orders.cpp", 42, keys};
//   ::telegen::SpanGuard span(site);
//   span.set_attribute(0, order_id);   // key: keys[0]
//
// Exported as the span name and kind, and the attributes code.function.name,
// code.file.path and code.line.number.
struct SpanSite {
  // A constructor rather than an aggregate, so that leaving out the keys
  // does not warn under -Wextra in users' builds.
  constexpr SpanSite(std::string_view name_, SpanKind kind_, std::string_view function_,
                     std::string_view file_, std::uint32_t line_,
                     KeyList attribute_keys_ = {}) noexcept
      : name(name_), kind(kind_), function(function_), file(file_), line(line_),
        attribute_keys(attribute_keys_) {}

  std::string_view name;
  SpanKind kind;
  std::string_view function;
  std::string_view file;
  std::uint32_t line;
  KeyList attribute_keys;
};

// One structured event emitter (a log line that may also become a span
// event). Field values are passed positionally, in `fields` order:
//
//   static constexpr std::string_view fields[] = {"dependency", "attempt", "error"};
//   static constexpr ::telegen::detail::EventSite site{::telegen::Level::warning,
//       "resilience", "retry_attempt", "charge", 42, "src/payments.cpp", fields};
//   ::telegen::detail::emit_log(site, {dependency, attempt, error});
//
// An event the schema declares `delivery: guaranteed` passes
// ::telegen::Delivery::guaranteed last.
struct EventSite {
  constexpr EventSite(Level level_, std::string_view logger_, std::string_view event_,
                      std::string_view function_, std::uint32_t line_, std::string_view file_,
                      KeyList fields_ = {}, Delivery delivery_ = Delivery{}) noexcept
      : level(level_), logger(logger_), event(event_), function(function_), line(line_),
        file(file_), fields(fields_), delivery(delivery_) {}

  Level level;
  std::string_view logger;
  std::string_view event;
  std::string_view function;
  std::uint32_t line;
  std::string_view file;
  KeyList fields;
  Delivery delivery; // Delivery{}: best_effort
};

} // namespace telegen::detail
