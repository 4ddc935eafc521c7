// Carriers, inject and extract.
#include "telegen/propagation.hpp"

#include "context/bound_fields.hpp"
#include "context/context_access.hpp"
#include "core/text.hpp"
#include "telegen/detail/debug_mode.hpp"

#include <unistd.h>

namespace telegen {
namespace {

std::string env_name(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name)
    out.push_back(c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
  return out;
}

// The index of the entry "NAME=..." or npos.
std::size_t find_entry(const std::vector<std::string>& entries, std::string_view name) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string& entry = entries[i];
    if (entry.size() > name.size() && entry[name.size()] == '=' &&
        entry.compare(0, name.size(), name) == 0)
      return i;
  }
  return std::string_view::npos;
}

} // namespace

namespace detail {

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

} // namespace detail

std::string_view EnvCarrier::get(std::string_view name, std::string& scratch) const {
  scratch = env_name(name);
  const std::size_t i = find_entry(entries_, scratch);
  if (i == std::string_view::npos)
    return {};
  return std::string_view(entries_[i]).substr(scratch.size() + 1);
}

void EnvCarrier::set(std::string_view name, std::string_view value) {
  std::string entry = env_name(name);
  const std::size_t i = find_entry(entries_, entry);
  entry += '=';
  entry += value;
  if (i == std::string_view::npos)
    entries_.push_back(std::move(entry));
  else
    entries_[i] = std::move(entry);
}

namespace {

void inject(const SpanContext& span_context, const detail::ContextExtras* extras,
            Carrier& carrier) {
  if (span_context.valid()) {
    char traceparent[traceparent_size];
    write_traceparent(span_context, traceparent);
    carrier.set("traceparent", std::string_view(traceparent, traceparent_size));
    if (extras != nullptr && !extras->trace_state.empty())
      carrier.set("tracestate", extras->trace_state);
  }
  if (extras == nullptr)
    return;
  if (!extras->baggage.empty()) {
    const std::string baggage = extras->baggage.to_header();
    if (!baggage.empty())
      carrier.set("baggage", baggage);
  }
  const RequestContext& request = extras->request;
  if (!request.request_id.empty())
    carrier.set("x-request-id", request.request_id);
  if (request.frontend != Frontend::unknown)
    carrier.set("x-frontend-id", to_string(request.frontend));
  if (!request.correlation_id.empty())
    carrier.set("x-correlation-id", request.correlation_id);
  const std::string fields = detail::format_fields_header(*extras);
  if (!fields.empty())
    carrier.set("x-telegen-fields", fields);
  // The signed token itself: the receiver verifies it as any other.
  if (extras->debug != nullptr && !extras->debug->expired())
    carrier.set("x-debug-token", extras->debug->token);
}

} // namespace

void inject(const Context& context, Carrier& carrier) {
  inject(context.span_context(), detail::ContextAccess::extras(context).get(), carrier);
}

// From the current frame directly: no Context copy, no reference count.
void inject(Carrier& carrier) {
  const detail::Frame* frame = detail::current_frame();
  if (frame != nullptr)
    inject(frame->span_context, frame->extras != nullptr ? frame->extras->get() : nullptr, carrier);
}

Context extract(const Carrier& carrier) {
  std::string scratch;
  auto extras = std::make_unique<detail::ContextExtras>();
  const std::optional<SpanContext> parent = parse_traceparent(carrier.get("traceparent", scratch));
  // A tracestate without a valid traceparent is discarded.
  if (parent) {
    if (auto trace_state = normalize_tracestate(carrier.get("tracestate", scratch)))
      extras->trace_state = std::move(*trace_state);
  }
  extras->baggage = Baggage::parse(carrier.get("baggage", scratch));

  RequestContext& request = extras->request;
  const std::string_view request_id = detail::trim_ows(carrier.get("x-request-id", scratch));
  request.request_id = is_valid_request_id(request_id) ? std::string(request_id) : new_request_id();
  request.frontend = parse_frontend(carrier.get("x-frontend-id", scratch));
  const std::string_view correlation_id =
      detail::trim_ows(carrier.get("x-correlation-id", scratch));
  request.correlation_id =
      is_valid_request_id(correlation_id) ? std::string(correlation_id) : request.request_id;
  detail::parse_fields_header(carrier.get("x-telegen-fields", scratch), *extras);
  const std::string_view debug_token = carrier.get("x-debug-token", scratch);
  if (!debug_token.empty())
    if (const detail::DebugVerifier verify = detail::debug_verifier())
      extras->debug = verify(detail::trim_ows(debug_token), request.frontend);

  return detail::ContextAccess::make(parent.value_or(SpanContext{}),
                                     parent ? detail::Recording::remote : detail::Recording::none,
                                     std::move(extras));
}

std::vector<std::string> environment_with(const Context& context) {
  // The parent's own propagation variables describe its parent: never pass
  // them on, whatever `context` leaves unset.
  std::vector<std::string> stale;
  for (std::string_view name : {"traceparent", "tracestate", "baggage", "x-request-id",
                                "x-frontend-id", "x-correlation-id", "x-telegen-fields",
                                "x-debug-token"})
    stale.push_back(env_name(name));
  std::vector<std::string> entries;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    bool keep = true;
    for (const std::string& name : stale)
      keep &= !(text.size() > name.size() && text[name.size()] == '=' &&
                text.compare(0, name.size(), name) == 0);
    if (keep)
      entries.emplace_back(text);
  }
  EnvCarrier carrier(entries);
  inject(context, carrier);
  return entries;
}

} // namespace telegen
