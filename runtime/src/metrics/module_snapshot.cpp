// Reads a generated module's values into snapshots: walks each metric's
// series in slot order; a gauge's series combine the processes' values by
// the gauge's mode in multi-process mode.
#include "core/clock.hpp"
#include "metrics/gauge_modes.hpp"
#include "metrics/registry.hpp"
#include "telegen/detail/exemplar.hpp"

#include <algorithm>
#include <optional>
#include <string>

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

  LabelAxis(const LabelDescriptor& descriptor, const ServicePeers* peers)
      : label(&descriptor), dimension(descriptor.dimension),
        visible(descriptor.dynamic ? descriptor.dynamic->size() : descriptor.dimension),
        overflow_visible(descriptor.dynamic && overflows(*descriptor.dynamic, peers) > 0) {}

  // How many positions shows() accepts.
  std::size_t shown() const { return visible + (overflow_visible && visible < dimension ? 1 : 0); }
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

// The newest exemplar of each count slot of a metric (ticks 0: none),
// empty when no slot has one.
struct MetricExemplars {
  std::vector<ExemplarReading> readings;
  std::optional<TickConverter> clock;

  MetricExemplars(const MetricDescriptor& metric, const ShardSet& shards) {
    if (!metric.exemplars)
      return;
    readings.resize(metric.count_slots());
    shards.newest_exemplars(metric.first_slot, readings.size(), readings.data());
    const bool any = std::any_of(readings.begin(), readings.end(),
                                 [](const ExemplarReading& reading) { return reading.ticks != 0; });
    if (any)
      clock.emplace();
    else
      readings.clear();
  }

  // Adds the exemplars of count slots [first, first + count) of the metric
  // to `family`, as those of its next series.
  void add(std::size_t first, std::size_t count, FamilySnapshot& family) const {
    if (readings.empty())
      return;
    for (std::size_t sample = 0; sample < count; ++sample) {
      const ExemplarReading& reading = readings[first + sample];
      if (reading.ticks == 0)
        continue;
      family.exemplars.push_back(
          {family.series.size(), sample, TraceId{reading.trace_hi, reading.trace_lo},
           SpanId{reading.span_id}, reading.value,
           static_cast<double>(clock->to_unix_nanos(reading.ticks)) / 1e9});
    }
  }
};

SeriesSnapshot series_values(const MetricDescriptor& metric, std::size_t series,
                             const ModuleValues& values) {
  SeriesSnapshot snapshot;
  switch (metric.type) {
  case MetricType::counter:
    snapshot.count = values.counts[metric.first_slot + series];
    break;
  case MetricType::gauge:
    snapshot.value =
        values.gauges.front().values[metric.first_slot + series].load(std::memory_order_relaxed);
    break;
  case MetricType::histogram: {
    // _count is the sum of the buckets, so it always equals the +Inf bucket.
    const std::size_t first = metric.first_slot + series * (metric.buckets.size + 1);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= metric.buckets.size; ++b) {
      cumulative += values.counts[first + b];
      snapshot.buckets.push_back(cumulative);
    }
    snapshot.count = cumulative;
    snapshot.value = values.sums[metric.first_sum_slot + series];
    break;
  }
  }
  return snapshot;
}

// One gauge series of a multi-process service: the processes' values
// combined by the gauge's mode, or one series per process with `pid`.
void add_combined_gauge(const MetricDescriptor& metric, std::size_t series,
                        const ModuleValues& values,
                        const std::vector<std::string_view>& label_values,
                        const std::vector<std::string_view>& pids, FamilySnapshot& family) {
  const std::size_t slot = metric.first_slot + series;
  std::vector<GaugeValue> per_process;
  for (const GaugeSource& source : values.gauges)
    per_process.push_back(
        {source.pid, source.running, source.values[slot].load(std::memory_order_relaxed)});
  std::size_t process = 0;
  combine_gauge(metric.gauge_mode, per_process, [&](std::int64_t pid, double value) {
    SeriesSnapshot snapshot;
    snapshot.label_values = label_values;
    if (pid != 0) {
      // `pids` is in the order of values.gauges, which emit follows.
      while (values.gauges[process].pid != pid)
        ++process;
      snapshot.label_values.push_back(pids[process]);
    }
    snapshot.value = value;
    family.series.push_back(std::move(snapshot));
  });
}

FamilySnapshot snapshot_metric(const MetricDescriptor& metric, double created,
                               const ModuleValues& values) {
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
    axes.emplace_back(label, values.peers);
  }
  const bool combine = values.shared && metric.type == MetricType::gauge;
  std::vector<std::string_view> pids;
  if (combine && labels_pid(metric.gauge_mode)) {
    family.label_names.push_back("pid");
    for (const GaugeSource& source : values.gauges)
      pids.push_back(family.strings.emplace_back(std::to_string(source.pid)));
  }

  const MetricExemplars exemplars(metric, *values.shards);
  std::size_t shown_series = 1;
  for (const LabelAxis& axis : axes)
    shown_series *= axis.shown();
  family.series.reserve(shown_series);
  std::vector<std::size_t> position(axes.size(), 0);
  const std::size_t series_count = metric.series_count();
  for (std::size_t series = 0; series < series_count; ++series) {
    bool shown = true;
    for (std::size_t k = 0; k < axes.size(); ++k)
      shown = shown && axes[k].shows(position[k]);
    if (shown) {
      std::vector<std::string_view> label_values;
      label_values.reserve(axes.size() + 1); // + pid
      for (std::size_t k = 0; k < axes.size(); ++k)
        label_values.push_back(axes[k].value(position[k]));
      if (combine) {
        add_combined_gauge(metric, series, values, label_values, pids, family);
      } else {
        const std::size_t samples = metric.type == MetricType::histogram ? metric.buckets.size + 1 : 1;
        exemplars.add(series * samples, samples, family);
        SeriesSnapshot snapshot = series_values(metric, series, values);
        snapshot.label_values = std::move(label_values);
        family.series.push_back(std::move(snapshot));
      }
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
                     const std::vector<bool>& exposed, const ModuleValues& values,
                     std::vector<FamilySnapshot>& out) {
  // Dynamic labels are read after the slots (in snapshot_metric): a value
  // gets its position before any slot of it is written, so every series
  // with a count is shown.
  std::size_t index = 0;
  for (const MetricDescriptor* metric : module.metrics()) {
    if (exposed[index++])
      out.push_back(snapshot_metric(*metric, created, values));
  }
}

} // namespace telegen::detail
