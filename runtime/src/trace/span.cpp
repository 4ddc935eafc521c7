#include "telegen/span.hpp"

#include "context/context_access.hpp"
#include "context/random.hpp"
#include "core/clock.hpp"
#include "core/codec.hpp"
#include "core/pipeline.hpp"
#include "core/stacktrace.hpp"
#include "metrics/counters.hpp"
#include "telegen/detail/debug_mode.hpp"
#include "trace/current_exception.hpp"
#include "trace/fork.hpp"
#include "trace/sampler.hpp"
#include "trace/site_limiter.hpp"
#include "trace/site_span_event.hpp"
#include "trace/span_record.hpp"

#include <cxxabi.h>

#include <cstring>
#include <new>
#include <typeinfo>

namespace telegen {
namespace detail {
namespace {

thread_local ByteQueue* span_queue = nullptr;

// std::uncaught_exceptions() costs about 8 ns (a call into libstdc++ and a
// TLS lookup there); a guard needs it twice. The count lives in the
// thread's __cxa_eh_globals, whose layout the Itanium C++ ABI fixes
// (section 2.4.2: caughtExceptions, then uncaughtExceptions) and whose
// address does not change for the thread's life: keep the address.
struct EhGlobals {
  void* caught_exceptions;
  unsigned int uncaught_exceptions;
};
thread_local const EhGlobals* eh_globals = nullptr;

int uncaught_exceptions() noexcept {
  const EhGlobals* globals = eh_globals;
  if (globals == nullptr)
    eh_globals = globals = reinterpret_cast<const EhGlobals*>(abi::__cxa_get_globals());
  return static_cast<int>(globals->uncaught_exceptions);
}

// A guard destroyed by unwinding, with no exception recorded: an exception
// of unknown type, with the stack from the guard's function up (it is still
// there while it unwinds). Out of line, so that end() keeps a small frame.
[[gnu::cold, gnu::noinline]] void record_unwinding(SpanBuffer& buffer, std::uint64_t ticks,
                                                   StatusCode& status) noexcept {
  std::uintptr_t frames[max_stack_frames];
  const std::size_t frame_count = capture_stack(frames, max_stack_frames, 2);
  buffer.add_exception(ticks, nullptr, {}, frames, frame_count);
  status = StatusCode::error;
}

bool recording(const Frame* frame) noexcept {
  return frame->recording == Recording::held || frame->recording == Recording::exported;
}

// Whether the context is a request's in debug mode: its spans are all
// recorded, whatever the sampler or the site limit says.
bool in_debug_mode(const Frame* frame) noexcept {
  return frame != nullptr && frame->extras != nullptr && (*frame->extras)->debug;
}

} // namespace

struct SpanAccess {
  // The calling thread's innermost live recording span. Counts a drop when
  // the context records but its span lives on another thread.
  static SpanGuard* current_recording() noexcept {
    Frame* top = thread_state.top;
    if (top == nullptr || !recording(top))
      return nullptr;
    if (top->span == nullptr)
      span_data_dropped.add();
    return top->span;
  }

  static void add_site_event(SpanGuard& span, const EventSite& site, const AttributeValue* values,
                             std::size_t count, std::uint64_t ticks) noexcept {
    span.buffer_.add_site_event(ticks, site, values, count);
  }

  // A span of a request in debug mode, ending: it says so, and its time goes
  // into the request's breakdown under the name of the span enclosing it on
  // this thread (its frame's previous one is live: ~SpanGuard popped to it).
  [[gnu::cold, gnu::noinline]] static void end_in_debug_mode(SpanGuard& span, const DebugMode& mode,
                                                             std::uint64_t end_ticks) noexcept {
    span.buffer_.add_attribute("telegen.debug", true);
    const Frame* enclosing = span.frame_.previous;
    const bool local_parent =
        enclosing != nullptr && enclosing->span != nullptr && enclosing->span->site_ != nullptr;
    mode.span_times.add(span.site_->name, local_parent ? enclosing->span->site_->name : "",
                        end_ticks - span.start_ticks_);
  }

  // The span stays the parent's: the child neither records nor ends it.
  static void leave_to_parent(SpanGuard& span) noexcept {
    span.site_ = nullptr;
    span.buffer_.release();
  }
};

} // namespace detail

using namespace detail;

void SpanGuard::start(const SpanSite& site, Frame* parent) noexcept {
  const Frame* from = parent != nullptr ? parent : process_frame();
  SpanContext context;
  Recording mode;
  std::uint64_t start_ticks = 0;
  if (from != nullptr && recording(from)) {
    start_ticks = now_ticks();
    if (!in_debug_mode(from) && !site_limiter().admit(site, start_ticks, span_queue)) {
      // Sampled out at its site: the context stays the parent's, so this
      // span's children and events go to the parent.
      frame_ = Frame{parent, from->span_context, from->recording, from->extras, from->span};
      thread_state.top = &frame_;
      pushed_ = true;
      return;
    }
    context.trace_id = from->span_context.trace_id;
    context.flags = from->span_context.flags;
    mode = from->recording;
    parent_span_id_ = from->span_context.span_id;
    parent_remote_ = false;
    local_root_ = false;
  } else {
    // A local root: of a new trace, or under a parent from a carrier.
    HeadSampler& sampler = head_sampler();
    if (!sampler.configured())
      ensure_started();
    const bool remote = from != nullptr && from->recording == Recording::remote;
    context.trace_id = remote ? from->span_context.trace_id : new_trace_id();
    const std::uint8_t random =
        remote ? from->span_context.flags & trace_flags::random : trace_flags::random;
    // A request in debug mode is sampled whatever the sampler says.
    const bool debug = in_debug_mode(from);
    bool sampled = sampler.sample(remote ? &from->span_context : nullptr, context.trace_id) || debug;
    mode = sampled                     ? Recording::exported
           : sampler.holds_unsampled() ? Recording::held
                                       : Recording::dropped;
    if (mode != Recording::dropped) {
      start_ticks = now_ticks();
      // Sampled out at its site: the whole local trace is, as by the sampler.
      if (!debug && !site_limiter().admit(site, start_ticks, span_queue)) {
        sampled = false;
        mode = Recording::dropped;
      }
    }
    context.flags = static_cast<std::uint8_t>(random | (sampled ? trace_flags::sampled : 0));
    parent_span_id_ = remote ? from->span_context.span_id : SpanId{};
    parent_remote_ = remote;
    local_root_ = true;
  }
  context.span_id = new_span_id();
  frame_ = Frame{parent, context, mode, from != nullptr ? from->extras : nullptr, this};
  thread_state.top = &frame_;
  pushed_ = true;
  if (mode == Recording::dropped)
    return;
  site_ = &site;
  exception_recorded_ = false;
  status_ = StatusCode::unset;
  buffer_.reset();
  uncaught_at_start_ = uncaught_exceptions();
  start_ticks_ = start_ticks;
}

// Time in the outermost client spans of a request (one whose parent on this
// thread is a client span is part of its parent's time).
void SpanGuard::add_request_time(std::uint64_t ticks) const noexcept {
  RequestTiming* timing = (*frame_.extras)->timing.get();
  if (timing == nullptr)
    return;
  const Frame* parent = frame_.previous;
  if (parent != nullptr && parent->span != nullptr && parent->span->site_ != nullptr &&
      parent->span->site_->kind == SpanKind::client)
    return;
  bool database = false;
  for (std::size_t i = 0; i < site_->attribute_keys.size; ++i)
    database |= site_->attribute_keys[i] == "db.system";
  (database ? timing->database_ticks : timing->external_ticks)
      .fetch_add(ticks, std::memory_order_relaxed);
}

void SpanGuard::end() noexcept {
  const std::uint64_t end_ticks = now_ticks();
  if (!exception_recorded_ && uncaught_exceptions() > uncaught_at_start_)
    record_unwinding(buffer_, end_ticks, status_);
  const ContextExtras* extras = frame_.extras != nullptr ? frame_.extras->get() : nullptr;
  if (site_->kind == SpanKind::client && extras != nullptr)
    add_request_time(end_ticks - start_ticks_);
  if (extras != nullptr && extras->debug != nullptr) [[unlikely]]
    SpanAccess::end_in_debug_mode(*this, *extras->debug, end_ticks);

  const std::string_view trace_state =
      extras != nullptr ? std::string_view(extras->trace_state) : std::string_view();
  const std::size_t size = sizeof(SpanRecordHeader) + trace_state.size() + buffer_.size();
  ByteQueue* queue =
      span_queue != nullptr ? span_queue : attach_thread_queue(span_queues(), span_queue);
  std::byte* at = queue != nullptr ? queue->reserve(size) : nullptr;
  if (at == nullptr) {
    spans_dropped.add();
    buffer_.release();
    return;
  }
  // Built in place: a header assembled on the stack and copied reads back
  // its fields with wider loads than they were stored with, which stalls.
  new (at) SpanRecordHeader{site_,
                            frame_.span_context.trace_id,
                            frame_.span_context.span_id,
                            parent_span_id_,
                            start_ticks_,
                            end_ticks,
                            buffer_.size(),
                            static_cast<std::uint16_t>(trace_state.size()),
                            buffer_.dropped_attributes(),
                            buffer_.dropped_events(),
                            buffer_.dropped_links(),
                            frame_.span_context.flags,
                            frame_.recording,
                            status_,
                            parent_remote_,
                            local_root_};
  std::byte* const after_header = at + sizeof(SpanRecordHeader);
  if (!trace_state.empty())
    std::memcpy(after_header, trace_state.data(), trace_state.size());
  if (buffer_.size() != 0)
    std::memcpy(after_header + trace_state.size(), buffer_.data(), buffer_.size());
  if (queue->commit())
    span_queues().waker().wake();
  buffer_.release();
}

void SpanGuard::add_event(std::string_view name,
                          std::initializer_list<Attribute> attributes) noexcept {
  if (site_ != nullptr)
    buffer_.add_event(now_ticks(), name, attributes);
}

void SpanGuard::record_exception(const std::exception& exception) noexcept {
  if (site_ == nullptr)
    return;
  const char* message = exception.what();
  exception_recorded_ = true;
  status_ = StatusCode::error;
  // From the handler's frame up: the frames between it and the throw are
  // gone by the time a handler runs.
  std::uintptr_t frames[max_stack_frames];
  const std::size_t frame_count = capture_stack(frames, max_stack_frames, 1);
  buffer_.add_exception(now_ticks(), typeid(exception).name(), message, frames, frame_count);
  buffer_.set_status_message(message);
}

void SpanGuard::record_exception() noexcept {
  if (site_ == nullptr)
    return;
  const std::type_info* type = abi::__cxa_current_exception_type();
  const char* what = current_exception_message();
  const std::string_view message = what != nullptr ? what : "";
  exception_recorded_ = true;
  status_ = StatusCode::error;
  std::uintptr_t frames[max_stack_frames];
  const std::size_t frame_count = capture_stack(frames, max_stack_frames, 1);
  buffer_.add_exception(now_ticks(), type != nullptr ? type->name() : nullptr, message, frames,
                        frame_count);
  buffer_.set_status_message(message);
}

void SpanGuard::set_error(std::string_view message) noexcept {
  if (site_ == nullptr)
    return;
  status_ = StatusCode::error;
  buffer_.set_status_message(message);
}

void SpanGuard::set_ok() noexcept {
  if (site_ != nullptr && status_ != StatusCode::error)
    status_ = StatusCode::ok;
}

void SpanGuard::add_link(const SpanContext& linked) noexcept {
  if (site_ != nullptr && linked.valid())
    buffer_.add_link(linked);
}

void add_event(std::string_view name, std::initializer_list<Attribute> attributes) noexcept {
  if (SpanGuard* span = SpanAccess::current_recording())
    span->add_event(name, attributes);
}

void set_error(std::string_view message) noexcept {
  if (SpanGuard* span = SpanAccess::current_recording())
    span->set_error(message);
}

namespace detail {

void leave_open_spans_to_parent() noexcept {
  for (Frame* frame = thread_state.top; frame != nullptr; frame = frame->previous) {
    if (frame->span != nullptr)
      SpanAccess::leave_to_parent(*frame->span);
    if (frame->recording == Recording::exported || frame->recording == Recording::held)
      frame->recording = Recording::remote;
  }
}

void add_span_event(const EventSite& site, const AttributeValue* values,
                    std::size_t count) noexcept {
  add_site_span_event(site, values, count, now_ticks());
}

void add_site_span_event(const EventSite& site, const AttributeValue* values, std::size_t count,
                         std::uint64_t ticks) noexcept {
  if (SpanGuard* span = SpanAccess::current_recording())
    SpanAccess::add_site_event(*span, site, values, count, ticks);
}

} // namespace detail
} // namespace telegen
