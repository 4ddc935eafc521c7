// How a metric family becomes an OTLP Metric, whatever the encoding. The
// OpenTelemetry Collector's Prometheus exporters turn the result back into
// the series /metrics shows: a monotonic sum gets its _total suffix back,
// and a unit its name suffix when the name lacks it.
#pragma once

#include "metrics/metric_snapshot.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace telegen::detail {

// The family's name, without the _total a counter's name ends in.
std::string_view otlp_metric_name(const FamilySnapshot& family) noexcept;

// The family's unit in UCUM, as OTLP spells units: seconds s, milliseconds
// ms, bytes By, ratio 1; any other unit as it is.
std::string_view otlp_unit(std::string_view unit) noexcept;

// Nanoseconds since the Unix epoch from the family's creation time.
std::uint64_t start_unix_nanos(const FamilySnapshot& family) noexcept;

// A histogram series' per-bucket counts (OTLP's; the snapshot's are
// cumulative), the +Inf bucket last.
void bucket_counts(const SeriesSnapshot& series, std::vector<std::uint64_t>& out);

} // namespace telegen::detail
