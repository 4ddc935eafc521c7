// The built-in span exporters (jsonl, console) and the choice among them
// and the registered ones by OTEL_TRACES_EXPORTER.
#pragma once

#include "telegen/config.hpp"
#include "telegen/exporter.hpp"

#include <memory>

namespace telegen::detail {

// The exporter `config.traces` asks for: its `exporter` when set, else
// the named ones (several fan out). An unknown or unlinked name is reported
// once on stderr and replaced by jsonl. Null when none is wanted.
std::shared_ptr<SpanExporter> make_span_exporter(const Config& config);

// The process's resource from `config`.
Resource make_resource(const Config& config);

} // namespace telegen::detail
