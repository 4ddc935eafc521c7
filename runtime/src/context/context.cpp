#include "telegen/context.hpp"

#include "context/bound_fields.hpp"
#include "context/context_access.hpp"
#include "telegen/propagation.hpp"

#include <cstdlib>
#include <string>

namespace telegen {
namespace {

const RequestContext empty_request;
const Baggage empty_baggage;

// Reads the process environment as a carrier, by the environment spelling
// of each name.
class ProcessEnvironment : public Carrier {
public:
  std::string_view get(std::string_view name, std::string& scratch) const override {
    scratch.clear();
    for (char c : name)
      scratch.push_back(c == '-' ? '_'
                                 : static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
    const char* value = std::getenv(scratch.c_str());
    return value != nullptr ? std::string_view(value) : std::string_view();
  }
  void set(std::string_view, std::string_view) override {}
};

bool has_any(const Carrier& carrier) {
  std::string scratch;
  for (std::string_view name :
       {"traceparent", "baggage", "x-request-id", "x-frontend-id", "x-correlation-id",
        "x-telegen-fields", "x-debug-token"})
    if (!carrier.get(name, scratch).empty())
      return true;
  return false;
}

} // namespace

namespace detail {

const Context& process_context() {
  static const Context context = [] {
    const ProcessEnvironment environment;
    return has_any(environment) ? extract(environment) : Context();
  }();
  return context;
}

std::atomic<const Frame*> process_frame_slot{nullptr};
const Frame no_process_frame{};

const Frame* look_up_process_frame() {
  static const Frame frame{nullptr, process_context().span_context(),
                           ContextAccess::recording(process_context()),
                           &ContextAccess::extras(process_context()), nullptr};
  const Frame* found = ContextAccess::extras(process_context()) ? &frame : &no_process_frame;
  process_frame_slot.store(found, std::memory_order_release);
  return found;
}

namespace {
// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] const Frame* process_frame_at_load = look_up_process_frame();
} // namespace

} // namespace detail

Context Context::current() {
  const detail::Frame* frame = detail::current_frame();
  if (frame == nullptr)
    return {};
  return detail::ContextAccess::make(
      frame->span_context, frame->recording,
      frame->extras != nullptr ? detail::capture(*frame->extras) : detail::ExtrasRef());
}

const RequestContext& Context::request() const noexcept {
  return extras_ ? extras_->request : empty_request;
}

const Baggage& Context::baggage() const noexcept {
  return extras_ ? extras_->baggage : empty_baggage;
}

std::string_view Context::trace_state() const noexcept {
  return extras_ ? std::string_view(extras_->trace_state) : std::string_view();
}

std::vector<Attribute> Context::fields() const {
  return extras_ ? detail::bound_fields(*extras_) : std::vector<Attribute>();
}

namespace {

// A copy of `context` whose extras `change` modifies.
template <class Change>
Context changed(const SpanContext& span_context, detail::Recording recording,
                const detail::ExtrasRef& extras, Change&& change) {
  auto copy = extras ? std::make_unique<detail::ContextExtras>(*extras)
                     : std::make_unique<detail::ContextExtras>();
  change(*copy);
  return detail::ContextAccess::make(span_context, recording, std::move(copy));
}

} // namespace

Context Context::with_request(RequestContext request) const {
  return changed(span_context_, recording_, extras_,
                 [&](detail::ContextExtras& extras) { extras.request = std::move(request); });
}

Context Context::with_baggage(Baggage baggage) const {
  return changed(span_context_, recording_, extras_,
                 [&](detail::ContextExtras& extras) { extras.baggage = std::move(baggage); });
}

Context Context::with_source(Source source) const {
  return changed(span_context_, recording_, extras_,
                 [&](detail::ContextExtras& extras) { extras.request.frontend = source; });
}

Context Context::with_fields(std::initializer_list<Attribute> fields) const {
  return changed(span_context_, recording_, extras_,
                 [&](detail::ContextExtras& extras) { detail::bind_fields(extras, fields); });
}

} // namespace telegen
