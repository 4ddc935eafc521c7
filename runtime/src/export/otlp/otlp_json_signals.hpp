// OTLP JSON for logs and metrics: the same content as the protobuf
// encoders (otlp_protobuf.hpp), as the OTLP JSON mapping spells it.
#pragma once

#include "core/redaction.hpp"
#include "export/otlp/otlp_log_mapping.hpp"
#include "log/log_format.hpp"
#include "metrics/metric_snapshot.hpp"
#include "telegen/attribute.hpp"
#include "telegen/exporter.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// One LogRecord object. `attributes` is scratch space.
void append_otlp_json_log_record(std::string& out, const LogView& record, SensitiveKeys& sensitive,
                                 std::vector<Attribute>& attributes);

// An ExportLogsServiceRequest from records appended by
// append_otlp_json_log_record.
void append_otlp_json_logs(std::string& out, const Resource& resource,
                           const std::vector<LogRun>& runs);

// An ExportMetricsServiceRequest with every family as of `now_unix_nanos`.
void append_otlp_json_metrics(std::string& out, const Resource& resource,
                              const std::vector<FamilySnapshot>& families,
                              std::uint64_t now_unix_nanos);

} // namespace telegen::detail
