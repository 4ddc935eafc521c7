// Families registered at run time (telegen/metrics.hpp): validation of
// names, and the label-values -> series map, whose series live in the
// process's metrics file in multi-process mode.
#include "telegen/metrics.hpp"

#include "core/utf8.hpp"
#include "metrics/metric_names.hpp"
#include "metrics/multiprocess.hpp"
#include "metrics/registry.hpp"
#include "metrics/series_index.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace telegen {

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), own_buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]),
      buckets_(own_buckets_.get()), sum_(&own_sum_) {
  for (std::size_t i = 0; i <= bounds.size(); ++i)
    buckets_[i].store(0, std::memory_order_relaxed);
}

Histogram::Histogram(const std::vector<double>& bounds, std::atomic<std::uint64_t>* buckets,
                     std::atomic<double>* sum) noexcept
    : bounds_(bounds), buckets_(buckets), sum_(sum) {}

void Histogram::observe(double value) noexcept {
  if (std::isnan(value)) {
    detail::drop_nan_observation();
    return;
  }
  std::size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket])
    ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  double current = sum_->load(std::memory_order_relaxed);
  while (!sum_->compare_exchange_weak(current, current + value, std::memory_order_relaxed)) {
  }
}

namespace detail {
namespace {

[[noreturn]] void reject(std::string_view family, const std::string& reason) {
  throw std::invalid_argument("telegen: metric '" + std::string(family) + "': " + reason);
}

bool is_name_char(char c, bool first, bool colon_allowed) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  const bool digit = c >= '0' && c <= '9';
  return letter || (!first && digit) || (colon_allowed && c == ':');
}

bool is_valid_name(std::string_view name, bool colon_allowed) {
  if (name.empty())
    return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!is_name_char(name[i], i == 0, colon_allowed))
      return false;
  return true;
}

void validate(MetricType type, const MetricInfo& info, const std::string_view* label_names,
              std::size_t label_count, const std::vector<double>& bounds, GaugeMode mode) {
  const std::string_view name = info.name;
  if (!is_valid_name(name, true))
    reject(name, "a name uses letters, digits, '_' and ':' and does not start with a digit");
  if (starts_with(name, "__") || starts_with(name, "telegen_"))
    reject(name, "names starting with '__' or 'telegen_' are reserved");
  if (info.help.empty())
    reject(name, "give it a help text; it is what a dashboard shows");
  const std::string_view base = without_counter_suffix(name);
  if (type == MetricType::counter && base == name)
    reject(name, "a counter's name ends in '_total'");
  if (type != MetricType::counter && base != name)
    reject(name, "only a counter's name ends in '_total'");
  if (!info.unit.empty() &&
      (!is_valid_name(info.unit, false) || !ends_with(base, "_" + std::string(info.unit))))
    reject(name, "its unit '" + std::string(info.unit) + "' must end the name, as in '" +
                     std::string(base) + "_" + std::string(info.unit) +
                     (type == MetricType::counter ? "_total'" : "'"));
  for (std::size_t i = 0; i < label_count; ++i) {
    const std::string_view label = label_names[i];
    if (!is_valid_name(label, false))
      reject(name, "label '" + std::string(label) +
                       "' must use letters, digits and '_' and not start with a digit");
    if (starts_with(label, "__"))
      reject(name, "label '" + std::string(label) + "': names starting with '__' are reserved");
    if (type == MetricType::histogram && label == "le")
      reject(name, "a histogram cannot have a label named 'le'; it holds the bucket bound");
    if (type == MetricType::gauge && labels_pid(mode) && label == "pid")
      reject(name, "a gauge of mode " + std::string(telegen::name(mode)) +
                       " is shown per process with a label named 'pid'; rename its own, or "
                       "choose sum, livesum, max or min");
    for (std::size_t j = 0; j < i; ++j)
      if (label_names[j] == label)
        reject(name, "label '" + std::string(label) + "' is listed twice");
  }
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]))
      reject(name, "bucket bounds must be finite; +Inf is always added");
    if (i > 0 && !(bounds[i - 1] < bounds[i]))
      reject(name, "bucket bounds must be strictly ascending");
  }
}

std::string valid_utf8(std::string_view text) {
  return is_valid_utf8(text) ? std::string(text) : to_valid_utf8(text);
}

template <class Series> constexpr MetricType type_of() {
  if constexpr (std::is_same_v<Series, Counter>)
    return MetricType::counter;
  else if constexpr (std::is_same_v<Series, Gauge>)
    return MetricType::gauge;
  else
    return MetricType::histogram;
}

} // namespace

template <class Series> class UserFamily final : public UserFamilyBase {
public:
  explicit UserFamily(UserFamilyInfo info)
      : UserFamilyBase(std::move(info)), index_(this->info().label_names.size()) {}

  // A series that exists is found without a lock; a new one, or values
  // that are not valid UTF-8, take the family's mutex.
  Series& series(const std::string_view* label_values) {
    const std::size_t hash = index_.hash(label_values);
    if (Series* series = index_.find(label_values, hash))
      return *series;
    return add(label_values, hash);
  }

  void for_each_series(const std::function<void(const std::vector<std::string>&,
                                                const UserSeriesValues&)>& visit) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [label_values, series] : series_) {
      UserSeriesValues values;
      if constexpr (std::is_same_v<Series, Counter>) {
        values.count = series->value();
      } else if constexpr (std::is_same_v<Series, Gauge>) {
        values.value = series->value();
      } else {
        for (std::size_t b = 0; b < series->bucket_count(); ++b)
          values.buckets.push_back(series->bucket(b));
        values.value = series->sum();
      }
      visit(label_values, values);
    }
  }

  void lock_for_fork() noexcept override { mutex_.lock(); }
  void unlock_after_fork() noexcept override { mutex_.unlock(); }
  void reset_after_fork() noexcept override {
    for (const auto& [label_values, series] : series_) {
      if constexpr (std::is_same_v<Series, Histogram>) {
        for (std::size_t b = 0; b < series->bucket_count(); ++b)
          series->buckets_[b].store(0, std::memory_order_relaxed);
        series->sum_->store(0, std::memory_order_relaxed);
      } else {
        series->value_.store(0, std::memory_order_relaxed);
      }
    }
  }

private:
  // Finds or creates the series under the mutex. Values that are valid
  // UTF-8 go into the index; others are exposed with replacement
  // characters and keep taking this path, so the index never holds more
  // keys than the family has series.
  Series& add(const std::string_view* label_values, std::size_t hash) {
    std::vector<std::string> key;
    bool valid = true;
    for (std::size_t i = 0; i < info().label_names.size(); ++i) {
      valid = valid && is_valid_utf8(label_values[i]);
      key.push_back(valid_utf8(label_values[i]));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    Series*& series = series_[key];
    if (series == nullptr)
      series = create(key);
    if (valid && index_.find(label_values, hash) == nullptr)
      index_.insert(label_values, hash, series);
    return *series;
  }

  // In multi-process mode the series' slots are a record of this
  // process's file; else (or when the file cannot grow) the heap's.
  Series* create(const std::vector<std::string>& label_values) {
    const std::size_t slots = std::is_same_v<Series, Histogram> ? info().bounds.size() + 1 : 1;
    const UserSeriesSlots shared = Multiprocess::instance().allocate_user_series(
        info().name, label_values, slots, std::is_same_v<Series, Histogram>);
    if constexpr (std::is_same_v<Series, Histogram>) {
      owned_.push_back(
          shared.counts != nullptr
              ? std::unique_ptr<Histogram>(new Histogram(
                    info().bounds, static_cast<std::atomic<std::uint64_t>*>(shared.counts),
                    shared.sum))
              : std::make_unique<Histogram>(info().bounds));
      return owned_.back().get();
    } else {
      if (shared.counts != nullptr)
        return new (shared.counts) Series();
      owned_.push_back(std::make_unique<Series>());
      return owned_.back().get();
    }
  }

  mutable std::mutex mutex_;
  // Sorted by label values, which is the exposition order. Entries are never
  // erased, and the family is never destroyed.
  std::map<std::vector<std::string>, Series*> series_;
  std::vector<std::unique_ptr<Series>> owned_; // those not in the metrics file
  SeriesIndex<Series> index_;                  // inserts under mutex_
};

template <class Series>
Series& user_series(UserFamily<Series>& family, const std::string_view* label_values) {
  return family.series(label_values);
}

template <class Series>
UserFamily<Series>& add_user_family(const MetricInfo& info, const std::string_view* label_names,
                                    std::size_t label_count, std::vector<double> bounds,
                                    GaugeMode mode) {
  validate(type_of<Series>(), info, label_names, label_count, bounds, mode);
  UserFamilyInfo description;
  description.name = info.name;
  description.help = valid_utf8(info.help);
  description.unit = info.unit;
  description.type = type_of<Series>();
  description.mode = type_of<Series>() == MetricType::gauge ? mode : GaugeMode::all;
  description.label_names.assign(label_names, label_names + label_count);
  description.bounds = std::move(bounds);
  description.created = unix_time_now();
  auto family = std::make_unique<UserFamily<Series>>(std::move(description));
  UserFamily<Series>& result = *family;
  Registry::instance().add_family(std::move(family));
  Multiprocess::instance().describe_family(result.info());
  return result;
}

template Counter& user_series(UserFamily<Counter>&, const std::string_view*);
template Gauge& user_series(UserFamily<Gauge>&, const std::string_view*);
template Histogram& user_series(UserFamily<Histogram>&, const std::string_view*);
template UserFamily<Counter>& add_user_family(const MetricInfo&, const std::string_view*,
                                              std::size_t, std::vector<double>, GaugeMode);
template UserFamily<Gauge>& add_user_family(const MetricInfo&, const std::string_view*, std::size_t,
                                            std::vector<double>, GaugeMode);
template UserFamily<Histogram>& add_user_family(const MetricInfo&, const std::string_view*,
                                                std::size_t, std::vector<double>, GaugeMode);

} // namespace detail
} // namespace telegen
