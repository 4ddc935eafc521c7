// Static metadata of generated metrics. `telegen generate` emits one
// `static constexpr MetricDescriptor` per metric: the exposition reads names,
// help, labels and buckets from it, and the hot path takes it as a template
// argument, so an update passes no strings and computes its slot from
// constants.
#pragma once

#include "telegen/detail/dynamic_label.hpp"
#include "telegen/gauge_mode.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace telegen::detail {

// A read-only view of a constexpr array (C++17 has no std::span).
template <class T> struct ConstSpan {
  const T* data = nullptr;
  std::size_t size = 0;

  constexpr ConstSpan() = default;
  template <std::size_t N>
  constexpr ConstSpan(const T (&array)[N]) noexcept : data(array), size(N) {}

  constexpr const T* begin() const noexcept { return data; }
  constexpr const T* end() const noexcept { return data + size; }
  constexpr const T& operator[](std::size_t i) const noexcept { return data[i]; }
};

enum class MetricType : std::uint8_t { counter, gauge, histogram };

// One label of a metric: enumerated (the generated enum class's values, in
// enumerator order) or bounded dynamic (a per-metric table mapping strings to
// max_values positions plus one for `__overflow__`).
struct LabelDescriptor {
  std::string_view name;
  ConstSpan<std::string_view> values;
  DynamicLabel* dynamic = nullptr;
  // Positions along this label in the metric's slot block.
  std::size_t dimension = 0;

  constexpr LabelDescriptor(std::string_view label_name,
                            ConstSpan<std::string_view> enumerated) noexcept
      : name(label_name), values(enumerated), dimension(enumerated.size) {}

  template <std::size_t MaxValues>
  constexpr LabelDescriptor(std::string_view label_name,
                            DynamicLabelTable<MaxValues>& table) noexcept
      : name(label_name), dynamic(&table), dimension(MaxValues + 1) {}
};

// Where a metric's series live in its module's storage:
// - counter:   series s is count slot `first_slot + s`;
// - histogram: series s owns count slots `first_slot + s * (buckets + 1)`
//              onward (one per bucket, the last for +Inf, not cumulative)
//              and sum slot `first_sum_slot + s`;
// - gauge:     series s is gauge slot `first_slot + s`.
// Series are numbered row-major over the labels in declaration order.
struct MetricDescriptor {
  std::string_view name;
  std::string_view help;
  std::string_view unit;
  MetricType type;
  ConstSpan<LabelDescriptor> labels;
  ConstSpan<double> buckets;
  std::size_t first_slot;
  std::size_t first_sum_slot;
  // Gauges: how processes combine in multi-process mode.
  GaugeMode gauge_mode = GaugeMode::all;
  // Counters and histograms: updates inside a sampled span leave an
  // exemplar (telegen/detail/exemplar.hpp).
  bool exemplars = false;

  constexpr std::size_t series_count() const noexcept {
    std::size_t count = 1;
    for (const LabelDescriptor& label : labels)
      count *= label.dimension;
    return count;
  }
  // Per-thread count slots (counters, histogram buckets).
  constexpr std::size_t count_slots() const noexcept {
    switch (type) {
    case MetricType::counter:
      return series_count();
    case MetricType::histogram:
      return series_count() * (buckets.size + 1);
    case MetricType::gauge:
      break;
    }
    return 0;
  }
  // Per-thread sum slots (histogram sums).
  constexpr std::size_t sum_slots() const noexcept {
    return type == MetricType::histogram ? series_count() : 0;
  }
  // Process-wide gauge slots.
  constexpr std::size_t gauge_slots() const noexcept {
    return type == MetricType::gauge ? series_count() : 0;
  }
};

constexpr MetricDescriptor counter_descriptor(std::string_view name, std::string_view help,
                                              std::string_view unit,
                                              ConstSpan<LabelDescriptor> labels,
                                              std::size_t first_slot,
                                              bool exemplars) noexcept {
  return {name, help,      unit, MetricType::counter, labels, {}, first_slot,
          0,    GaugeMode::all, exemplars};
}

constexpr MetricDescriptor gauge_descriptor(std::string_view name, std::string_view help,
                                            std::string_view unit,
                                            ConstSpan<LabelDescriptor> labels,
                                            std::size_t first_slot, GaugeMode mode) noexcept {
  return {name, help, unit, MetricType::gauge, labels, {}, first_slot, 0, mode};
}

constexpr MetricDescriptor histogram_descriptor(std::string_view name, std::string_view help,
                                                std::string_view unit,
                                                ConstSpan<LabelDescriptor> labels,
                                                ConstSpan<double> buckets, std::size_t first_slot,
                                                std::size_t first_sum_slot,
                                                bool exemplars) noexcept {
  return {name,    help,       unit,           MetricType::histogram, labels,
          buckets, first_slot, first_sum_slot, GaugeMode::all,        exemplars};
}

// The slot counts of one generated module and its fingerprint. The
// generator emits a struct with these constants; ModuleStorage sizes itself
// from it. The fingerprint is a hash of everything that decides where a
// series lives (the metrics in slot order, their types, labels, label
// values, buckets and gauge modes, and the module's namespace): two builds
// with the same fingerprint share a multi-process directory's slots.
//   struct Layout {
//     static constexpr std::size_t count_slots = 180, sum_slots = 9, gauge_slots = 4;
//     static constexpr std::uint64_t fingerprint = 0x8f3a...;
//   };

// True when every metric's slots lie inside the layout and no two metrics
// share a slot, so generated code can `static_assert` its own layout.
template <class Layout>
constexpr bool layout_is_valid(ConstSpan<const MetricDescriptor*> metrics) noexcept {
  std::size_t count_used = 0;
  std::size_t sum_used = 0;
  std::size_t gauge_used = 0;
  for (const MetricDescriptor* metric : metrics) {
    // Slots are handed out in declaration order, so each metric starts where
    // the previous one of its kind ended.
    if (metric->type == MetricType::gauge) {
      if (metric->first_slot != gauge_used)
        return false;
      gauge_used += metric->gauge_slots();
    } else {
      if (metric->first_slot != count_used)
        return false;
      count_used += metric->count_slots();
    }
    if (metric->type == MetricType::histogram) {
      if (metric->first_sum_slot != sum_used)
        return false;
      for (std::size_t i = 1; i < metric->buckets.size; ++i)
        if (!(metric->buckets[i - 1] < metric->buckets[i]))
          return false;
      sum_used += metric->sum_slots();
    }
  }
  return count_used == Layout::count_slots && sum_used == Layout::sum_slots &&
         gauge_used == Layout::gauge_slots;
}

} // namespace telegen::detail
