// Turns span records from the thread queues into SpanViews, on the
// background thread.
#pragma once

#include "core/clock.hpp"
#include "core/redaction.hpp"
#include "trace/span_record.hpp"
#include "trace/span_view.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>

namespace telegen::detail {

// Not thread-safe: one per background thread.
class SpanDecoder {
public:
  // Decodes one record into `out`, whose views stay valid while the record
  // and this decoder do, until the next decode. Attribute keys end up
  // unique (last value wins) and values of sensitive keys redacted.
  void decode(const std::byte* record, std::size_t size, const TickConverter& clock, SpanView& out);

  // Inline: a copy made out of line and read back field by field stalls
  // on store forwarding; inlined, the compiler reads the fields in place.
  static SpanRecordHeader header_of(const std::byte* record) noexcept {
    SpanRecordHeader header;
    std::memcpy(&header, record, sizeof header);
    return header;
  }
  // The fields a record's header gives a span, whole (inline for the same
  // reason); add_record() of the OTLP encoder sets them too.
  static void set_header_fields(const SpanRecordHeader& h, const TickConverter& clock,
                                SpanView& out) noexcept {
    out.trace_id = h.trace_id;
    out.span_id = h.span_id;
    out.parent_span_id = h.parent_span_id;
    out.parent_remote = h.parent_remote;
    out.trace_flags = h.flags;
    out.start_unix_nanos = clock.to_unix_nanos(h.start_ticks);
    out.end_unix_nanos = clock.to_unix_nanos(h.end_ticks);
    out.status = h.status;
    out.dropped_attributes = h.dropped_attributes;
    out.dropped_events = h.dropped_events;
    out.dropped_links = h.dropped_links;
  }

private:
  const std::string& demangled(const char* mangled);
  // Bit i: the site's i-th attribute key names a secret (for the first 64).
  std::uint64_t sensitive_site_keys(const SpanSite& site);
  void set_attribute(SpanView& out, std::string_view key, std::int32_t site_index,
                     const AttributeValue& value, bool sensitive);

  std::unordered_map<const char*, std::string> demangled_;
  // The current span's exception.stacktrace texts (a deque: views into
  // earlier ones stay valid as more are added).
  std::deque<std::string> stacktraces_;
  SensitiveKeys sensitive_;
  std::unordered_map<const SpanSite*, std::uint64_t> site_masks_;
  const SpanSite* last_site_ = nullptr;
  std::uint64_t last_mask_ = 0;
  // Per span: which site keys are set, and whether a run-time key is.
  std::uint64_t indexed_seen_ = 0;
  bool named_seen_ = false;
};

} // namespace telegen::detail
