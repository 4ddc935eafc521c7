// The request context carried with the trace context: which request this
// is, which frontend sent it, and which business flow it belongs to. Every
// log line carries its request_id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace telegen {

// The client kinds X-Frontend-ID may name, which are also the origins a log
// record's `source` names. Anything else is `unknown`.
enum class Frontend : std::uint8_t {
  unknown,
  web,
  cli,
  tui,
  mobile,
  telegram,
  api,
  agent,
  internal,
  tasks
};

// The origin of what is recorded (the `source` of a log record): the
// frontend a request came from, or what an entry point binds (a CLI's main,
// a task worker). Frontend::unknown is no origin: the record has no
// `source`, which is never guessed.
using Source = Frontend;

// "web", "cli", ...; "unknown" for Frontend::unknown.
std::string_view to_string(Frontend frontend) noexcept;
// The frontend an X-Frontend-ID value names: exact lowercase names after
// trimming whitespace; any other value is Frontend::unknown.
Frontend parse_frontend(std::string_view value) noexcept;

// A plain value: thread-safe to copy and read.
//
//   telegen::RequestContext request{telegen::new_request_id(), telegen::Frontend::cli, ""};
//   telegen::Scope scope(telegen::Context::current().with_request(request));
struct RequestContext {
  std::string request_id;                // X-Request-ID
  Frontend frontend = Frontend::unknown; // X-Frontend-ID
  std::string correlation_id;            // X-Correlation-ID

  bool empty() const noexcept {
    return request_id.empty() && frontend == Frontend::unknown && correlation_id.empty();
  }
  friend bool operator==(const RequestContext& a, const RequestContext& b) {
    return a.request_id == b.request_id && a.frontend == b.frontend &&
           a.correlation_id == b.correlation_id;
  }
};

// A fresh random request id: a UUID version 4 in its 36-character text form.
std::string new_request_id();

// Whether an incoming X-Request-ID / X-Correlation-ID value is used as is:
// 1 to 128 characters, each a letter, digit or one of "-_.:/+=@". Others
// are replaced (request id) or dropped (correlation id), so a log line
// never carries what a client injected.
bool is_valid_request_id(std::string_view value) noexcept;

} // namespace telegen
