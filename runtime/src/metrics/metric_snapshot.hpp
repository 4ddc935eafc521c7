// The values of every metric at one scrape, independent of where they are
// stored (generated modules, user-registered families, self-metrics). The
// registry collects them; the exposition writers format them.
#pragma once

#include "telegen/detail/metric_descriptor.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace telegen::detail {

struct SeriesSnapshot {
  std::vector<std::string_view> label_values; // in the family's label order
  std::uint64_t count = 0;                    // counter total; histogram count
  double value = 0;                           // gauge value; histogram sum
  std::vector<std::uint64_t> buckets;         // histogram: cumulative, then +Inf
};

// Strings point into storage that lives as long as the process: descriptors,
// dynamic label tables and registered families are never freed.
struct FamilySnapshot {
  std::string_view name; // counters' names end in _total
  std::string_view help;
  std::string_view unit;
  MetricType type = MetricType::counter;
  std::vector<std::string_view> label_names;
  std::vector<double> bounds; // histogram bucket upper bounds, without +Inf
  double created = 0;         // seconds since the Unix epoch
  std::vector<SeriesSnapshot> series;
};

} // namespace telegen::detail
