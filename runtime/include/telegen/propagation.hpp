// Context propagation over W3C Trace Context (Level 2), W3C Baggage and the
// request-context headers, through any carrier: HTTP headers, message
// properties, or the environment of a child process.
#pragma once

#include "telegen/context.hpp"
#include "telegen/span_context.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace telegen {

// ---- W3C Trace Context ------------------------------------------------

// Parses a traceparent value as the spec says: optional whitespace around
// it; version 00 exactly 55 characters; a higher version at least 55 with
// '-' after the flags when longer; version ff, uppercase hex, all-zero ids
// and anything else rejected. Unknown flag bits are cleared. The result is
// marked remote.
std::optional<SpanContext> parse_traceparent(std::string_view value) noexcept;
// "00-<trace-id>-<span-id>-<flags>" with only known flags.
std::string format_traceparent(const SpanContext& context);
inline constexpr std::size_t traceparent_size = 55;
void write_traceparent(const SpanContext& context, char* out) noexcept; // out[0..54]

// Validates a tracestate value (several headers joined with ",") and
// returns it without optional whitespace and empty members, keeping the
// first of duplicate keys. Nothing when any member breaks the key or value
// grammar or there are more than 32: the spec then discards it whole.
std::optional<std::string> normalize_tracestate(std::string_view value);

// ---- Carriers -------------------------------------------------------------

// Where propagation reads and writes its fields. Names are given in their
// lowercase HTTP form ("traceparent", "x-request-id"); a carrier maps them
// to its own spelling. Implement it for your own message type in a few
// lines. Thread-safety is that of the underlying container.
class Carrier {
public:
  virtual ~Carrier() = default;
  // The value stored under `name`, or empty when absent. When the carrier
  // holds the name more than once it joins the values with "," (RFC 9110
  // field combination) into `scratch` and returns that.
  virtual std::string_view get(std::string_view name, std::string& scratch) const = 0;
  // Stores `value` under `name`, replacing what was there.
  virtual void set(std::string_view name, std::string_view value) = 0;
};

namespace detail {
bool iequals(std::string_view a, std::string_view b) noexcept;
template <class C, class = void> struct has_emplace_back : std::false_type {};
template <class C>
struct has_emplace_back<
    C, std::void_t<decltype(std::declval<C&>().emplace_back(std::string(), std::string()))>>
    : std::true_type {};
} // namespace detail

// HTTP headers: names compared case-insensitively, repeated names joined.
// Works with std::multimap / std::map / unordered maps of strings,
// httplib::Headers, and std::vector<std::pair<std::string, std::string>>.
// Over const headers (a server handler's request) it is read-only, for
// extract: set() does nothing.
//
//   std::multimap<std::string, std::string> headers = ...;
//   telegen::Context incoming = telegen::extract(telegen::HeaderCarrier(headers));
template <class Headers> class HeaderCarrier : public Carrier {
public:
  explicit HeaderCarrier(Headers& headers) noexcept : headers_(headers) {}

  std::string_view get(std::string_view name, std::string& scratch) const override {
    std::string_view found;
    bool joined = false;
    for (const auto& [key, value] : headers_) {
      if (!detail::iequals(key, name))
        continue;
      if (found.data() == nullptr) {
        found = value;
        continue;
      }
      if (!joined) {
        scratch.assign(found);
        joined = true;
      }
      scratch += ',';
      scratch += value;
    }
    return joined ? std::string_view(scratch) : found;
  }

  void set(std::string_view name, std::string_view value) override {
    if constexpr (!std::is_const_v<Headers>) {
      for (auto it = headers_.begin(); it != headers_.end();)
        it = detail::iequals(it->first, name) ? headers_.erase(it) : std::next(it);
      if constexpr (detail::has_emplace_back<Headers>::value)
        headers_.emplace_back(std::string(name), std::string(value));
      else
        headers_.emplace(std::string(name), std::string(value));
    }
  }

private:
  Headers& headers_;
};

// A string map with the names as given (message properties, a job's
// metadata): exact names, one value each.
//
//   std::map<std::string, std::string> properties;
//   telegen::MapCarrier carrier(properties);
//   telegen::inject(carrier);
template <class Map> class MapCarrier : public Carrier {
public:
  explicit MapCarrier(Map& map) noexcept : map_(map) {}

  std::string_view get(std::string_view name, std::string&) const override {
    for (const auto& [key, value] : map_)
      if (key == name)
        return value;
    return {};
  }
  void set(std::string_view name, std::string_view value) override {
    map_[std::string(name)] = std::string(value);
  }

private:
  Map& map_;
};

// An environment block of "NAME=value" entries, as execve and posix_spawn
// take it. Names map to the environment spelling: uppercase, '-' -> '_'
// ("traceparent" -> TRACEPARENT, "x-request-id" -> X_REQUEST_ID).
class EnvCarrier : public Carrier {
public:
  explicit EnvCarrier(std::vector<std::string>& entries) noexcept : entries_(entries) {}
  std::string_view get(std::string_view name, std::string& scratch) const override;
  void set(std::string_view name, std::string_view value) override;

private:
  std::vector<std::string>& entries_;
};

// ---- inject / extract -------------------------------------------------------

// Writes `context` into `carrier`: traceparent when it has a valid span
// context, tracestate and baggage when non-empty, x-request-id,
// x-frontend-id (unless unknown) and x-correlation-id when set, and
// x-telegen-fields with the bound fields (see bind_fields) when any, and
// x-debug-token, the signed token, for a request in debug mode (see
// telegen/debug_api.hpp) until the token expires.
void inject(const Context& context, Carrier& carrier);
// The same for the calling thread's current context.
void inject(Carrier& carrier);

// Reads a context from `carrier`. An invalid traceparent is ignored, and
// tracestate with it; the request context is always filled in: request_id
// from x-request-id when valid else newly generated, frontend from
// x-frontend-id, correlation_id from x-correlation-id when valid else the
// request_id; bound fields from x-telegen-fields; debug mode from
// x-debug-token when telegen::http verifies it (signature, expiry,
// revocation, frontend), else the token is ignored and counted.
Context extract(const Carrier& carrier);

// A copy of this process's environment with `context` injected: pass it to
// execve or posix_spawn and the child continues the trace (see
// Context::current).
std::vector<std::string> environment_with(const Context& context);

// ---- One string field ------------------------------------------------------

// The context as one string, for a message with a single slot for it (a
// task payload's metadata string, an event envelope's header): what inject
// writes (x-debug-token included, for a request in debug mode), as
// name=value entries separated by ';', each value
// percent-encoded outside the printable ASCII range and for '%' and ';'.
// Printable ASCII without spaces, so it fits any text slot:
//
//   traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01;x-request-id=req-42;x-correlation-id=req-42
//
// Empty for an empty context. Thread-safe.
//
//   job.trace_context = telegen::inject_field();                  // producer
//   telegen::Scope scope(telegen::extract_field(job.trace_context)); // consumer
std::string inject_field(const Context& context);
// The same for the calling thread's current context.
std::string inject_field();

// The context a field carries, as extract reads a carrier: what
// inject_field wrote comes back exactly (trace and span ids, flags,
// tracestate, baggage, request, frontend and correlation ids; the span
// context marked remote). Any other text is read entry by entry: an entry
// that is malformed (no '=', a bad %-escape, a byte outside printable
// ASCII) or unknown is ignored, and the values go through extract's
// checks, so garbage yields an empty trace context and a new request id,
// never an error.
Context extract_field(std::string_view field);

} // namespace telegen
