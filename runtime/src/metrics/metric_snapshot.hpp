// The values of every metric at one scrape, independent of where they are
// stored (generated modules, user-registered families, self-metrics). The
// registry collects them; the exposition writers format them.
#pragma once

#include "metrics/label_values.hpp"
#include "telegen/detail/metric_descriptor.hpp"
#include "telegen/span_context.hpp"

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace telegen::detail {

// The trace of one update of a counter or bucket (OpenMetrics exemplar):
// of sample `sample` (a counter's total: 0; a histogram's buckets, +Inf
// last) of series `series` (its index in FamilySnapshot::series).
struct Exemplar {
  std::size_t series = 0;
  std::size_t sample = 0;
  TraceId trace_id;
  SpanId span_id;
  double value = 0;
  double timestamp = 0; // seconds since the Unix epoch
};

struct SeriesSnapshot {
  LabelValues label_values;           // in the family's label order
  std::uint64_t count = 0;            // counter total; histogram count
  double value = 0;                   // gauge value; histogram sum
  std::vector<std::uint64_t> buckets; // histogram: cumulative, then +Inf
};
// A scrape of 100,000 series builds 100,000 of these in place: within 128
// bytes a new one is cleared with vector stores (LabelValues).
static_assert(sizeof(SeriesSnapshot) <= 128);

// Called with each series of a family in order; the series lives only
// during the call.
using SeriesVisitor = std::function<void(const SeriesSnapshot&)>;

// Strings point into storage that lives as long as the process (descriptors,
// dynamic label tables and registered families are never freed), or into
// the snapshot's own `strings` (a gauge's `pid` values in multi-process
// mode).
struct FamilySnapshot {
  std::string_view name; // counters' names end in _total
  std::string_view help;
  std::string_view unit;
  MetricType type = MetricType::counter;
  // A counter whose totals are fractional (CPU seconds): in `value`, not
  // `count`.
  bool float_total = false;
  std::vector<std::string_view> label_names;
  std::vector<double> bounds; // histogram bucket upper bounds, without +Inf
  double created = 0;         // seconds since the Unix epoch
  std::vector<SeriesSnapshot> series;
  // Instead of `series` (then empty): visits the series, each made from
  // values the function holds as it is visited (SeriesHandling::visited).
  // A scrape writes a generated metric's 100,000 series this way, with no
  // snapshot of each kept.
  std::function<void(const SeriesVisitor&)> visit_series;
  std::vector<Exemplar> exemplars; // ordered by series, then sample
  std::list<std::string> strings;  // label values the snapshot owns, never moved
};
// Vectors of snapshots move them (rather than copy, which would leave the
// label values in `strings` behind) only when moving cannot throw.
static_assert(std::is_nothrow_move_constructible_v<FamilySnapshot>);

// Whether a collection keeps a generated metric's series in
// FamilySnapshot::series, or leaves them to visit_series: the exposition
// writes them as they are visited, where the OTLP encoders walk them twice.
enum class SeriesHandling { kept, visited };

// Each series of the family in order, kept or visited.
inline void for_each_series(const FamilySnapshot& family, const SeriesVisitor& visit) {
  if (family.visit_series) {
    family.visit_series(visit);
    return;
  }
  for (const SeriesSnapshot& series : family.series)
    visit(series);
}

} // namespace telegen::detail
