// Reads a generated module's storage into snapshots: sums the per-thread
// slabs, then walks each metric's series in slot order.
#include "metrics/registry.hpp"

namespace telegen::detail {
namespace {

// What a scrape shows along one label: every enumerated value; for a
// dynamic label, the values that have a position and `__overflow__` once
// something went there.
struct LabelAxis {
  const LabelDescriptor* label;
  std::size_t dimension;
  std::size_t visible;
  bool overflow_visible;

  explicit LabelAxis(const LabelDescriptor& descriptor)
      : label(&descriptor), dimension(descriptor.dimension),
        visible(descriptor.dynamic ? descriptor.dynamic->size() : descriptor.dimension),
        overflow_visible(descriptor.dynamic && descriptor.dynamic->overflowed() > 0) {}

  bool shows(std::size_t position) const {
    return position < visible || (overflow_visible && position == dimension - 1);
  }
  std::string_view value(std::size_t position) const {
    if (label->dynamic == nullptr)
      return label->values[position];
    return position == dimension - 1 ? DynamicLabel::overflow_value
                                     : label->dynamic->value_at(position);
  }
};

SeriesSnapshot series_values(const MetricDescriptor& metric, std::size_t series,
                             const std::vector<std::uint64_t>& counts,
                             const std::vector<double>& sums, const std::atomic<double>* gauges) {
  SeriesSnapshot snapshot;
  switch (metric.type) {
  case MetricType::counter:
    snapshot.count = counts[metric.first_slot + series];
    break;
  case MetricType::gauge:
    snapshot.value = gauges[metric.first_slot + series].load(std::memory_order_relaxed);
    break;
  case MetricType::histogram: {
    // _count is the sum of the buckets, so it always equals the +Inf bucket.
    const std::size_t first = metric.first_slot + series * (metric.buckets.size + 1);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= metric.buckets.size; ++b) {
      cumulative += counts[first + b];
      snapshot.buckets.push_back(cumulative);
    }
    snapshot.count = cumulative;
    snapshot.value = sums[metric.first_sum_slot + series];
    break;
  }
  }
  return snapshot;
}

FamilySnapshot snapshot_metric(const MetricDescriptor& metric, double created,
                               const std::vector<std::uint64_t>& counts,
                               const std::vector<double>& sums, const std::atomic<double>* gauges) {
  FamilySnapshot family;
  family.name = metric.name;
  family.help = metric.help;
  family.unit = metric.unit;
  family.type = metric.type;
  family.bounds.assign(metric.buckets.begin(), metric.buckets.end());
  family.created = created;
  std::vector<LabelAxis> axes;
  for (const LabelDescriptor& label : metric.labels) {
    family.label_names.push_back(label.name);
    axes.emplace_back(label);
  }

  std::vector<std::size_t> position(axes.size(), 0);
  const std::size_t series_count = metric.series_count();
  for (std::size_t series = 0; series < series_count; ++series) {
    bool shown = true;
    for (std::size_t k = 0; k < axes.size(); ++k)
      shown = shown && axes[k].shows(position[k]);
    if (shown) {
      SeriesSnapshot snapshot = series_values(metric, series, counts, sums, gauges);
      for (std::size_t k = 0; k < axes.size(); ++k)
        snapshot.label_values.push_back(axes[k].value(position[k]));
      family.series.push_back(std::move(snapshot));
    }
    // Next position, last label fastest (row-major, as series are numbered).
    for (std::size_t k = axes.size(); k-- > 0;) {
      if (++position[k] < axes[k].dimension)
        break;
      position[k] = 0;
    }
  }
  return family;
}

} // namespace

void snapshot_module(const ModuleRegistration& module, double created,
                     const std::vector<bool>& exposed, std::vector<FamilySnapshot>& out) {
  const ShardSet& shards = module.shards();
  std::vector<std::uint64_t> counts(shards.count_slots());
  std::vector<double> sums(shards.sum_slots());
  shards.sum(counts.data(), sums.data());
  // Dynamic labels are read after the slots (in snapshot_metric): a value
  // gets its position before any slot of it is written, so every series
  // with a count is shown.
  std::size_t index = 0;
  for (const MetricDescriptor* metric : module.metrics()) {
    if (exposed[index++])
      out.push_back(snapshot_metric(*metric, created, counts, sums, module.gauges()));
  }
}

} // namespace telegen::detail
