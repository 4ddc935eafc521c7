// What generated metric code is written against. A generated header
// includes only this file; see docs/metrics.md for the code it emits and
// templates/cpp/ for the templates that emit it.
//
// The typed handles the generator emits forward to the functions below,
// passing their metric's descriptor as a template argument, so the slot of a
// series is computed from constants (a multiply-add per label) and the
// update is a plain store into the calling thread's slab.
#pragma once

#include "telegen/detail/dynamic_label.hpp"
#include "telegen/detail/exemplar.hpp"
#include "telegen/detail/metric_descriptor.hpp"
#include "telegen/detail/thread_shards.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

namespace telegen::detail {

template <const MetricDescriptor& M, std::size_t Label>
inline constexpr std::size_t label_dimension = M.labels[Label].dimension;

template <const MetricDescriptor& M, std::size_t Bucket>
inline constexpr double bucket_bound = M.buckets[Bucket];

// The position of an enumerated label's value: its enumerator's value.
template <const MetricDescriptor& M, std::size_t Label, class Enum,
          std::enable_if_t<std::is_enum_v<Enum>, int> = 0>
inline std::size_t label_position(Enum value) noexcept {
  return static_cast<std::size_t>(value);
}

// The position of a dynamic label's value, from its table.
template <const MetricDescriptor& M, std::size_t Label>
inline std::size_t label_position(std::string_view value) noexcept {
  return M.labels[Label].dynamic->position(value);
}

// Returned for label values outside their enum (an enum class can hold any
// value of its underlying type, e.g. after a cast).
inline constexpr std::size_t invalid_series = static_cast<std::size_t>(-1);

template <const MetricDescriptor& M, class... Labels, std::size_t... I>
inline std::size_t row_major_index(std::index_sequence<I...>, Labels... labels) noexcept {
  std::size_t index = 0;
  bool valid = true;
  (
      [&] {
        const std::size_t position = label_position<M, I>(labels);
        valid = valid && position < label_dimension<M, I>;
        index = index * label_dimension<M, I> + position;
      }(),
      ...);
  return valid ? index : invalid_series;
}

// The series a set of label values selects, row-major in label order, or
// invalid_series. With constant labels the whole computation folds away.
template <const MetricDescriptor& M, class... Labels>
inline std::size_t series_index(Labels... labels) noexcept {
  static_assert(sizeof...(Labels) == M.labels.size, "one value per label of the metric");
  return row_major_index<M>(std::index_sequence_for<Labels...>{}, labels...);
}

// Counts an update dropped for a label value outside its enum.
void drop_invalid_label_value() noexcept;

// Single writer per slab: a relaxed load and store, no read-modify-write.
inline void bump(std::atomic<std::uint64_t>& slot, std::uint64_t n) noexcept {
  slot.store(slot.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

template <const MetricDescriptor& M, class Storage, class... Labels>
inline void counter_add(Storage& storage, std::uint64_t n, Labels... labels) noexcept {
  static_assert(M.type == MetricType::counter);
  const std::size_t series = series_index<M>(labels...);
  if (TELEGEN_UNLIKELY(series == invalid_series))
    return drop_invalid_label_value();
  auto& slab = storage.local();
  const std::size_t slot = M.first_slot + series;
  bump(slab.counts[slot], n);
  if constexpr (M.exemplars)
    record_exemplar(slab.header, slot, static_cast<double>(n));
}

template <const MetricDescriptor& M, class Storage, class... Labels>
inline void gauge_set(Storage& storage, double value, Labels... labels) noexcept {
  static_assert(M.type == MetricType::gauge);
  const std::size_t series = series_index<M>(labels...);
  if (TELEGEN_UNLIKELY(series == invalid_series))
    return drop_invalid_label_value();
  storage.gauge(M.first_slot + series).store(value, std::memory_order_relaxed);
}

template <const MetricDescriptor& M, class Storage, class... Labels>
inline void gauge_add(Storage& storage, double delta, Labels... labels) noexcept {
  static_assert(M.type == MetricType::gauge);
  const std::size_t series = series_index<M>(labels...);
  if (TELEGEN_UNLIKELY(series == invalid_series))
    return drop_invalid_label_value();
  std::atomic<double>& gauge = storage.gauge(M.first_slot + series);
  double current = gauge.load(std::memory_order_relaxed);
  while (!gauge.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

// Index of the bucket `value` falls in (the first bound >= value), or the
// number of bounds for +Inf. Branch-free over the constant bounds.
template <const MetricDescriptor& M, std::size_t... B>
inline std::size_t bucket_index(double value, std::index_sequence<B...>) noexcept {
  return (std::size_t{0} + ... + static_cast<std::size_t>(value > bucket_bound<M, B>));
}

// NaN has no bucket and would poison the sum: dropped and counted.
void drop_nan_observation() noexcept;

template <const MetricDescriptor& M, class Storage, class... Labels>
inline void histogram_observe(Storage& storage, double value, Labels... labels) noexcept {
  static_assert(M.type == MetricType::histogram);
  if (TELEGEN_UNLIKELY(value != value))
    return drop_nan_observation();
  constexpr std::size_t buckets = M.buckets.size;
  const std::size_t series = series_index<M>(labels...);
  if (TELEGEN_UNLIKELY(series == invalid_series))
    return drop_invalid_label_value();
  auto& slab = storage.local();
  const std::size_t slot = M.first_slot + series * (buckets + 1) +
                           bucket_index<M>(value, std::make_index_sequence<buckets>{});
  bump(slab.counts[slot], 1);
  std::atomic<double>& sum = slab.sums[M.first_sum_slot + series];
  sum.store(sum.load(std::memory_order_relaxed) + value, std::memory_order_relaxed);
  if constexpr (M.exemplars)
    record_exemplar(slab.header, slot, value);
}

// Makes a generated module visible to every scrape. The generator emits one
// per module, after its descriptors:
//   inline const ModuleRegistration registration{metrics, storage};
// Modules are never unregistered.
class ModuleRegistration {
public:
  template <class Layout>
  ModuleRegistration(ConstSpan<const MetricDescriptor*> metrics,
                     ModuleStorage<Layout>& storage) noexcept
      : metrics_(metrics), shards_(&storage.shards()), gauges_(&storage.gauges()) {
    register_self();
  }
  ModuleRegistration(const ModuleRegistration&) = delete;
  ModuleRegistration& operator=(const ModuleRegistration&) = delete;

  ConstSpan<const MetricDescriptor*> metrics() const noexcept { return metrics_; }
  ShardSet& shards() const noexcept { return *shards_; }
  GaugeBlock& gauges() const noexcept { return *gauges_; }
  std::uint64_t fingerprint() const noexcept { return shards_->shape().fingerprint; }

private:
  void register_self() noexcept;

  ConstSpan<const MetricDescriptor*> metrics_;
  ShardSet* shards_;
  GaugeBlock* gauges_;
};

} // namespace telegen::detail
