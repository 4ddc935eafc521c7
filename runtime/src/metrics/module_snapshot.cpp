// Reads a generated module's values into snapshots: walks each metric's
// series in slot order, into FamilySnapshot::series or, for a scrape, as
// the writer visits them; a gauge's series combine the processes' values
// by the gauge's mode in multi-process mode.
#include "core/clock.hpp"
#include "metrics/gauge_modes.hpp"
#include "metrics/registry.hpp"
#include "telegen/detail/exemplar.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

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
  // to `family`, as those of its series `shown` (in the order shown).
  void add(std::size_t first, std::size_t count, std::size_t shown, FamilySnapshot& family) const {
    if (readings.empty())
      return;
    for (std::size_t sample = 0; sample < count; ++sample) {
      const ExemplarReading& reading = readings[first + sample];
      if (reading.ticks == 0)
        continue;
      family.exemplars.push_back({shown, sample, TraceId{reading.trace_hi, reading.trace_lo},
                                  SpanId{reading.span_id}, reading.value,
                                  static_cast<double>(clock->to_unix_nanos(reading.ticks)) / 1e9});
    }
  }
};

// Fills `snapshot` with the series' values.
void series_values(const MetricDescriptor& metric, std::size_t series, const ModuleValues& values,
                   SeriesSnapshot& snapshot) {
  switch (metric.type) {
  case MetricType::counter:
    snapshot.count = values.counts[metric.first_slot + series];
    break;
  case MetricType::gauge:
    snapshot.value = values.gauges[metric.first_slot + series];
    break;
  case MetricType::histogram: {
    // _count is the sum of the buckets, so it always equals the +Inf bucket.
    const std::size_t first = metric.first_slot + series * (metric.buckets.size + 1);
    std::uint64_t cumulative = 0;
    snapshot.buckets.clear();
    for (std::size_t b = 0; b <= metric.buckets.size; ++b) {
      cumulative += values.counts[first + b];
      snapshot.buckets.push_back(cumulative);
    }
    snapshot.count = cumulative;
    snapshot.value = values.sums[metric.first_sum_slot + series];
    break;
  }
  }
}

// One gauge series of a multi-process service: the processes' values
// combined by the gauge's mode, or one series per process with `pid`.
void add_combined_gauge(const MetricDescriptor& metric, std::size_t series,
                        const ModuleValues& values, const LabelValues& label_values,
                        const std::vector<std::string_view>& pids, FamilySnapshot& family) {
  const std::size_t slot = metric.first_slot + series;
  std::vector<GaugeValue> per_process;
  for (const GaugeSource& source : values.gauge_sources)
    per_process.push_back(
        {source.pid, source.running, source.values[slot].load(std::memory_order_relaxed)});
  std::size_t process = 0;
  combine_gauge(metric.gauge_mode, per_process, [&](std::int64_t pid, double value) {
    SeriesSnapshot snapshot;
    snapshot.label_values = label_values;
    if (pid != 0) {
      // `pids` is in the order of values.gauge_sources, which emit follows.
      while (values.gauge_sources[process].pid != pid)
        ++process;
      snapshot.label_values.push_back(pids[process]);
    }
    snapshot.value = value;
    family.series.push_back(std::move(snapshot));
  });
}

// The series a scrape shows of one metric, in slot order: the axes are read
// once (which dynamic label values have a position), the values by whoever
// walks them.
class MetricSeries {
public:
  MetricSeries(const MetricDescriptor& metric, std::shared_ptr<const ModuleValues> values)
      : metric_(&metric), values_(std::move(values)) {
    for (const LabelDescriptor& label : metric.labels)
      axes_.emplace_back(label, values_->peers);
  }

  // The most series walk() visits.
  std::size_t shown() const {
    std::size_t shown_series = 1;
    for (const LabelAxis& axis : axes_)
      shown_series *= axis.shown();
    return shown_series;
  }

  // Calls visit(series, labels) for each series shown, with its number
  // among the metric's series and its label values in `labels`, which
  // walk() changes where a series' differ from the one before.
  template <class Visit> void walk(LabelValues& labels, Visit&& visit) const {
    labels = LabelValues();
    std::vector<std::size_t> position(axes_.size(), 0);
    std::size_t hidden = 0; // labels whose value at their position is not shown
    for (const LabelAxis& axis : axes_) {
      const bool shown = axis.shows(0);
      hidden += shown ? 0 : 1;
      labels.push_back(shown ? axis.value(0) : std::string_view());
    }
    const std::size_t series_count = metric_->series_count();
    for (std::size_t series = 0; series < series_count; ++series) {
      if (hidden == 0)
        visit(series, std::as_const(labels));
      // Next position, last label fastest (row-major, as series are
      // numbered). A label's value is read where it is shown.
      for (std::size_t k = axes_.size(); k-- > 0;) {
        const LabelAxis& axis = axes_[k];
        const bool was_shown = axis.shows(position[k]);
        const std::size_t next = position[k] + 1 < axis.dimension ? position[k] + 1 : 0;
        position[k] = next;
        const bool shown = axis.shows(next);
        hidden = hidden + (was_shown ? 1 : 0) - (shown ? 1 : 0);
        if (shown)
          labels.set(k, axis.value(next));
        if (next != 0)
          break;
      }
    }
  }

  // Each series shown, made in one SeriesSnapshot reused from series to
  // series.
  void visit(const SeriesVisitor& visitor) const {
    SeriesSnapshot snapshot;
    walk(snapshot.label_values, [&](std::size_t series, const LabelValues&) {
      series_values(*metric_, series, *values_, snapshot);
      visitor(snapshot);
    });
  }

private:
  const MetricDescriptor* metric_;
  std::shared_ptr<const ModuleValues> values_;
  std::vector<LabelAxis> axes_;
};

FamilySnapshot snapshot_metric(const MetricDescriptor& metric, double created,
                               const std::shared_ptr<const ModuleValues>& values,
                               SeriesHandling handling) {
  FamilySnapshot family;
  family.name = metric.name;
  family.help = metric.help;
  family.unit = metric.unit;
  family.type = metric.type;
  family.bounds.assign(metric.buckets.begin(), metric.buckets.end());
  family.created = created;
  for (const LabelDescriptor& label : metric.labels)
    family.label_names.push_back(label.name);
  auto series = std::make_shared<const MetricSeries>(metric, values);

  if (values->shared && metric.type == MetricType::gauge) {
    // The processes' gauges are read now: the peers' files they are in may
    // be gone once the registry's lock is released.
    std::vector<std::string_view> pids;
    if (labels_pid(metric.gauge_mode)) {
      family.label_names.push_back("pid");
      for (const GaugeSource& source : values->gauge_sources)
        pids.push_back(family.strings.emplace_back(std::to_string(source.pid)));
    }
    LabelValues labels;
    series->walk(labels, [&](std::size_t number, const LabelValues& label_values) {
      add_combined_gauge(metric, number, *values, label_values, pids, family);
    });
    return family;
  }

  const MetricExemplars exemplars(metric, *values->shards);
  if (!exemplars.readings.empty()) {
    const std::size_t samples = metric.type == MetricType::histogram ? metric.buckets.size + 1 : 1;
    std::size_t shown = 0;
    LabelValues labels;
    series->walk(labels, [&](std::size_t number, const LabelValues&) {
      exemplars.add(number * samples, samples, shown++, family);
    });
  }
  if (handling == SeriesHandling::visited) {
    family.visit_series = [series](const SeriesVisitor& visitor) { series->visit(visitor); };
  } else {
    family.series.reserve(series->shown());
    series->visit([&](const SeriesSnapshot& snapshot) { family.series.push_back(snapshot); });
  }
  return family;
}

} // namespace

void snapshot_module(const ModuleRegistration& module, double created,
                     const std::vector<bool>& exposed,
                     const std::shared_ptr<const ModuleValues>& values, SeriesHandling series,
                     std::vector<FamilySnapshot>& out) {
  // Dynamic labels are read after the slots (in snapshot_metric): a value
  // gets its position before any slot of it is written, so every series
  // with a count is shown.
  std::size_t index = 0;
  for (const MetricDescriptor* metric : module.metrics()) {
    if (exposed[index++])
      out.push_back(snapshot_metric(*metric, created, values, series));
  }
}

} // namespace telegen::detail
