// Turns span records from the thread queues into SpanData, on the
// background thread.
#pragma once

#include "core/clock.hpp"
#include "core/redaction.hpp"
#include "telegen/exporter.hpp"
#include "trace/span_record.hpp"

#include <cstddef>
#include <string>
#include <unordered_map>

namespace telegen::detail {

// Not thread-safe: one per background thread.
class SpanDecoder {
public:
  // Decodes one record. `out` is overwritten. Attribute keys end up unique
  // (last value wins), values of sensitive keys redacted, and the site's
  // code location added as code.function.name, code.file.path and
  // code.line.number.
  void decode(const std::byte* record, std::size_t size, const TickConverter& clock, SpanData& out);

  static SpanRecordHeader header_of(const std::byte* record) noexcept;

private:
  const std::string& demangled(const char* mangled);

  std::unordered_map<const char*, std::string> demangled_;
  SensitiveKeys sensitive_;
};

} // namespace telegen::detail
