#include "export/otlp/otlp_metric_mapping.hpp"

#include <cmath>

namespace telegen::detail {

std::string_view otlp_metric_name(const FamilySnapshot& family) noexcept {
  constexpr std::string_view suffix = "_total";
  std::string_view name = family.name;
  if (family.type == MetricType::counter && name.size() > suffix.size() &&
      name.substr(name.size() - suffix.size()) == suffix)
    name.remove_suffix(suffix.size());
  return name;
}

std::string_view otlp_unit(std::string_view unit) noexcept {
  struct Ucum {
    std::string_view prometheus;
    std::string_view ucum;
  };
  constexpr Ucum units[] = {
      {"seconds", "s"}, {"milliseconds", "ms"}, {"bytes", "By"}, {"ratio", "1"}};
  for (const Ucum& u : units)
    if (unit == u.prometheus)
      return u.ucum;
  return unit;
}

std::uint64_t start_unix_nanos(const FamilySnapshot& family) noexcept {
  if (!(family.created > 0))
    return 0;
  // Whole seconds apart: a double holds nanoseconds since 1970 only to
  // about 256 ns.
  const double seconds = std::floor(family.created);
  return static_cast<std::uint64_t>(seconds) * 1000000000u +
         static_cast<std::uint64_t>(std::llround((family.created - seconds) * 1e9));
}

void bucket_counts(const SeriesSnapshot& series, std::vector<std::uint64_t>& out) {
  out.clear();
  std::uint64_t below = 0;
  for (const std::uint64_t cumulative : series.buckets) {
    out.push_back(cumulative >= below ? cumulative - below : 0);
    below = cumulative;
  }
}

} // namespace telegen::detail
