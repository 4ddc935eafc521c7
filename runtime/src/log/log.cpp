// The calling thread's side of logging: copy the record into the thread's
// queue and return.
#include "telegen/log.hpp"

#include "context/context_access.hpp"
#include "core/clock.hpp"
#include "core/codec.hpp"
#include "core/pipeline.hpp"
#include "log/site_log.hpp"
#include "log/log_record.hpp"
#include "metrics/counters.hpp"

#include <cstring>

namespace telegen {
namespace {

constexpr std::string_view level_names[] = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};

thread_local detail::ByteQueue* log_queue = nullptr;

// Before the runtime has read LOG_LEVEL every record reaches here; start
// it and check again.
bool configured_and_enabled(Level level) {
  if (detail::log_threshold.load(std::memory_order_relaxed) == 0)
    detail::ensure_started();
  return log_enabled(level);
}

struct Correlation {
  TraceId trace_id;
  SpanId span_id;
  std::string_view request_id;
};

Correlation correlation() {
  const detail::Frame* frame = detail::current_frame();
  if (frame == nullptr)
    return {};
  Correlation c;
  if (frame->span_context.valid()) {
    c.trace_id = frame->span_context.trace_id;
    c.span_id = frame->span_context.span_id;
  }
  if (frame->extras != nullptr)
    c.request_id = std::string_view((*frame->extras)->request.request_id).substr(0, UINT16_MAX);
  return c;
}

// Reserves `size` bytes in the thread's queue, or counts a drop.
std::byte* reserve(std::size_t size) {
  detail::ByteQueue* queue = log_queue != nullptr
                                 ? log_queue
                                 : detail::attach_thread_queue(detail::log_queues(), log_queue);
  std::byte* at = queue != nullptr ? queue->reserve(size) : nullptr;
  if (at == nullptr)
    detail::log_records_dropped.add();
  return at;
}

void commit() {
  if (log_queue->commit())
    detail::log_queues().waker().wake();
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
  if (!configured_and_enabled(site.level))
    return;
  const Correlation c = correlation();
  const std::size_t given = std::min(count, site.fields.size);
  std::size_t size = sizeof(LogRecordHeader) + c.request_id.size() + (site.fields.size - given);
  for (std::size_t i = 0; i < given; ++i)
    size += encoded_size(values[i]);
  std::byte* at = reserve(size);
  if (at == nullptr)
    return;
  const LogRecordHeader header{ticks,
                               c.trace_id,
                               c.span_id,
                               &site,
                               where != nullptr ? where->function : nullptr,
                               where != nullptr ? where->file : nullptr,
                               where != nullptr ? where->line : 0,
                               site.level,
                               static_cast<std::uint16_t>(c.request_id.size()),
                               static_cast<std::uint16_t>(site.fields.size)};
  Writer w(at);
  w.put(header);
  w.put_bytes(c.request_id);
  for (std::size_t i = 0; i < site.fields.size; ++i)
    w.put_value(i < given ? values[i] : AttributeValue());
  commit();
}

void write_log(Level level, std::string_view logger, std::string_view event,
               std::initializer_list<Attribute> fields, const SourceLocation& where) noexcept {
  if (!configured_and_enabled(level))
    return;
  const Correlation c = correlation();
  logger = logger.substr(0, UINT16_MAX);
  event = event.substr(0, UINT16_MAX);
  std::size_t size =
      sizeof(LogRecordHeader) + c.request_id.size() + 2 + logger.size() + 2 + event.size();
  for (const Attribute& field : fields)
    size += 2 + std::min<std::size_t>(field.key.size(), UINT16_MAX) + encoded_size(field.value);
  std::byte* at = reserve(size);
  if (at == nullptr)
    return;
  const LogRecordHeader header{now_ticks(),
                               c.trace_id,
                               c.span_id,
                               nullptr,
                               where.function,
                               where.file,
                               where.line,
                               level,
                               static_cast<std::uint16_t>(c.request_id.size()),
                               static_cast<std::uint16_t>(fields.size())};
  Writer w(at);
  w.put(header);
  w.put_bytes(c.request_id);
  w.put_short_string(logger);
  w.put_short_string(event);
  for (const Attribute& field : fields) {
    w.put_short_string(field.key.substr(0, UINT16_MAX));
    w.put_value(field.value);
  }
  commit();
}

} // namespace detail
} // namespace telegen
