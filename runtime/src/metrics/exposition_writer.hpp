// Formats metric snapshots as the Prometheus text format 0.0.4 or
// OpenMetrics 1.0.
#pragma once

#include "metrics/metric_snapshot.hpp"
#include "telegen/exposition.hpp"

#include <string>
#include <vector>

namespace telegen::detail {

// Appends the families in the given order (callers sort them). `created`
// false leaves OpenMetrics' _created samples out (TELEGEN_METRICS_CREATED).
void write_exposition(std::string& out, const std::vector<FamilySnapshot>& families,
                      ExpositionFormat format, bool created);

// TELEGEN_METRICS_CREATED: whether metrics_text() writes OpenMetrics'
// _created samples (true by default, as the format says). Thread-safe.
void set_created_samples(bool shown) noexcept;

// A float as Go's strconv.FormatFloat(v, 'g', -1, 64) writes it (shortest
// round-trip digits, exponent form below 1e-4 and from 1e6), which is what
// Prometheus' own clients write, and NaN, +Inf, -Inf.
void append_go_float(std::string& out, double value);

// A histogram bound as an `le` label value. OpenMetrics wants canonical
// numbers: the Go form with ".0" added when it has neither point nor
// exponent (1 -> "1.0").
void append_le_value(std::string& out, double bound, ExpositionFormat format);

} // namespace telegen::detail
