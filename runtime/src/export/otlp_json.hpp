// OTLP JSON: ExportTraceServiceRequest as the OTLP JSON mapping spells it
// (lowerCamelCase keys, hex ids, enums as integers, 64-bit integers as
// decimal strings). Used by the OTLP/HTTP exporter and the JSONL file.
#pragma once

#include "telegen/exporter.hpp"

#include <string>
#include <vector>

namespace telegen::detail {

// Appends one ExportTraceServiceRequest holding `spans` under `resource`
// and telegen's instrumentation scope.
void append_otlp_json(std::string& out, const Resource& resource,
                      const std::vector<SpanData>& spans);

} // namespace telegen::detail
