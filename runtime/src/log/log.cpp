// The calling thread's side of logging: copy the record into the thread's
// queue and return. A guaranteed record that finds the queue full waits for
// room, and past the wait limit is written by the caller itself.
#include "telegen/log.hpp"

#include "context/context_access.hpp"
#include "core/clock.hpp"
#include "core/codec.hpp"
#include "core/pipeline.hpp"
#include "log/log_processor.hpp"
#include "log/log_record.hpp"
#include "log/site_log.hpp"
#include "metrics/counters.hpp"
#include "telegen/detail/debug_mode.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

namespace telegen {
namespace {

constexpr std::string_view level_names[] = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};

thread_local detail::ByteQueue* log_queue = nullptr;

// Whether the context the calling thread runs under is a request in debug
// mode whose scope covers records of `logger`.
bool debug_covers(std::string_view logger) {
  const detail::Frame* frame = detail::current_frame();
  if (frame == nullptr || frame->extras == nullptr)
    return false;
  const detail::DebugMode* mode = (*frame->extras)->debug.get();
  return mode != nullptr && mode->covers(logger);
}

// Before the runtime has read LOG_LEVEL every record reaches here; start
// it and check again. Below the configured level (the threshold is lower
// while a request in debug mode lives), only that request's records pass.
bool configured_and_enabled(Level level, std::string_view logger) {
  if (detail::log_threshold.load(std::memory_order_relaxed) == 0)
    detail::ensure_started();
  return log_enabled(level) &&
         (static_cast<std::uint8_t>(level) >= detail::configured_log_level() ||
          debug_covers(logger));
}

// What a record takes from the calling thread's context.
struct Correlation {
  TraceId trace_id;
  SpanId span_id;
  std::uint8_t trace_flags = 0;
  std::string_view request_id;
  std::string_view correlation_id;
  std::string_view bound_fields;
  std::uint16_t bound_field_count = 0;
  Frontend frontend = Frontend::unknown;
  bool in_request = false;

  // Bytes the context's part of the record takes after the header.
  std::size_t size() const noexcept {
    return request_id.size() + correlation_id.size() + bound_fields.size();
  }
  detail::LogRecordHeader header(std::uint64_t ticks, const detail::EventSite* site, const char* function,
                         const char* file, std::uint32_t line, Level level, Source source,
                         std::size_t value_count) const noexcept {
    return {ticks,
            trace_id,
            span_id,
            site,
            function,
            file,
            line,
            level,
            source != Source::unknown ? source : frontend,
            frontend,
            in_request,
            trace_flags,
            static_cast<std::uint16_t>(request_id.size()),
            static_cast<std::uint16_t>(correlation_id.size()),
            bound_field_count,
            static_cast<std::uint16_t>(value_count),
            static_cast<std::uint32_t>(bound_fields.size())};
  }
  void put(detail::Writer& w) const noexcept {
    w.put_bytes(request_id);
    w.put_bytes(correlation_id);
    w.put_bytes(bound_fields);
  }
};

Correlation correlation() {
  const detail::Frame* frame = detail::current_frame();
  if (frame == nullptr)
    return {};
  Correlation c;
  if (frame->span_context.valid()) {
    c.trace_id = frame->span_context.trace_id;
    c.span_id = frame->span_context.span_id;
    c.trace_flags = frame->span_context.flags;
  }
  if (frame->extras != nullptr) {
    const detail::ContextExtras& extras = **frame->extras;
    c.request_id = std::string_view(extras.request.request_id).substr(0, UINT16_MAX);
    c.correlation_id = std::string_view(extras.request.correlation_id).substr(0, UINT16_MAX);
    c.frontend = extras.request.frontend;
    c.in_request = !extras.request.empty();
    c.bound_fields = extras.bound_fields;
    c.bound_field_count = extras.bound_field_count;
  }
  return c;
}

// Waits until the writer has made room for `size` bytes in `queue`, up to
// the configured limit, and counts the wait. Null when no room came, or at
// once when no writer runs (after shutdown) to make any.
std::byte* wait_for_room(detail::ByteQueue& queue, std::size_t size) {
  if (!detail::log_writer_running())
    return nullptr;
  using Clock = std::chrono::steady_clock;
  detail::QueueSet& set = detail::log_queues();
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + detail::guaranteed_wait();
  std::byte* at = nullptr;
  for (Clock::time_point now = start;; now = Clock::now()) {
    const std::uint64_t seen = set.room().passes();
    at = queue.reserve(size);
    if (at != nullptr || now >= deadline)
      break;
    set.waker().wake();
    // A wake-up the writer misses while going to sleep costs one slice.
    set.room().wait_for_pass(seen, std::min(deadline, now + std::chrono::milliseconds(1)));
  }
  detail::log_guaranteed_waits.add();
  detail::log_guaranteed_wait_micros.add(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count()));
  return at;
}

// Where a record is encoded: in the thread's queue, or (`direct`) in a
// buffer of the thread's that the caller writes out itself.
struct Reservation {
  std::byte* at = nullptr; // null: dropped, and counted
  bool direct = false;
};

thread_local std::vector<std::uint64_t> direct_buffer;

Reservation reserve(std::size_t size, Delivery delivery) {
  detail::ByteQueue* queue = log_queue != nullptr
                                 ? log_queue
                                 : detail::attach_thread_queue(detail::log_queues(), log_queue);
  if (queue != nullptr) {
    if (std::byte* at = queue->reserve(size))
      return {at, false};
    if (delivery == Delivery::guaranteed)
      if (std::byte* at = wait_for_room(*queue, size))
        return {at, false};
  }
  if (delivery == Delivery::guaranteed) {
    try {
      direct_buffer.resize((size + 7) / 8);
      return {reinterpret_cast<std::byte*>(direct_buffer.data()), true};
    } catch (const std::bad_alloc&) {
    }
  }
  detail::log_records_dropped.add();
  return {};
}

void commit(const Reservation& reservation, std::size_t size) {
  if (!reservation.direct) {
    if (log_queue->commit())
      detail::log_queues().waker().wake();
  } else if (detail::write_directly(reservation.at, size)) {
    detail::log_records_written_by_caller.add();
  } else {
    detail::log_records_dropped.add();
  }
}

} // namespace

std::string_view to_string(Level level) noexcept {
  const std::size_t index = static_cast<std::size_t>(level) / 10 - 1;
  return index < std::size(level_names) ? level_names[index] : "UNKNOWN";
}

std::optional<Level> parse_level(std::string_view name) noexcept {
  const auto equals = [&](std::string_view upper) {
    if (name.size() != upper.size())
      return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      const char c =
          name[i] >= 'a' && name[i] <= 'z' ? static_cast<char>(name[i] - 'a' + 'A') : name[i];
      if (c != upper[i])
        return false;
    }
    return true;
  };
  for (std::size_t i = 0; i < std::size(level_names); ++i)
    if (equals(level_names[i]))
      return static_cast<Level>((i + 1) * 10);
  if (equals("WARN"))
    return Level::warning;
  return std::nullopt;
}

namespace detail {

void write_log(const EventSite& site, const AttributeValue* values, std::size_t count,
               const SourceLocation* where) noexcept {
  write_site_log(site, values, count, where, now_ticks());
}

void write_site_log(const EventSite& site, const AttributeValue* values, std::size_t count,
                    const SourceLocation* where, std::uint64_t ticks) noexcept {
  if (!configured_and_enabled(site.level, site.logger))
    return;
  const Correlation c = correlation();
  const std::size_t given = std::min(count, site.fields.size);
  std::size_t size = sizeof(LogRecordHeader) + c.size() + (site.fields.size - given);
  for (std::size_t i = 0; i < given; ++i)
    size += encoded_size(values[i]);
  const Reservation reservation = reserve(size, site.delivery);
  if (reservation.at == nullptr)
    return;
  Writer w(reservation.at);
  w.put(c.header(ticks, &site, where != nullptr ? where->function : nullptr,
                 where != nullptr ? where->file : nullptr, where != nullptr ? where->line : 0,
                 site.level, Source::unknown, site.fields.size));
  c.put(w);
  for (std::size_t i = 0; i < site.fields.size; ++i)
    w.put_value(i < given ? values[i] : AttributeValue());
  commit(reservation, size);
}

void write_log(Level level, std::string_view logger, std::string_view event,
               std::initializer_list<Attribute> fields, const SourceLocation& where,
               Source source, Delivery delivery) noexcept {
  if (!configured_and_enabled(level, logger))
    return;
  const Correlation c = correlation();
  logger = logger.substr(0, UINT16_MAX);
  event = event.substr(0, UINT16_MAX);
  std::size_t size = sizeof(LogRecordHeader) + c.size() + 2 + logger.size() + 2 + event.size();
  for (const Attribute& field : fields)
    size += 2 + std::min<std::size_t>(field.key.size(), UINT16_MAX) + encoded_size(field.value);
  const Reservation reservation = reserve(size, delivery);
  if (reservation.at == nullptr)
    return;
  Writer w(reservation.at);
  w.put(c.header(now_ticks(), nullptr, where.function, where.file, where.line, level, source,
                 fields.size()));
  c.put(w);
  w.put_short_string(logger);
  w.put_short_string(event);
  for (const Attribute& field : fields) {
    w.put_short_string(field.key.substr(0, UINT16_MAX));
    w.put_value(field.value);
  }
  commit(reservation, size);
}

} // namespace detail
} // namespace telegen
