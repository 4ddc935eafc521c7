// Families registered at run time (telegen/metrics.hpp): validation of
// names, the label-values -> series map, and their snapshots.
#include "telegen/metrics.hpp"

#include "core/utf8.hpp"
#include "metrics/metric_names.hpp"
#include "metrics/registry.hpp"

#include <cmath>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace telegen {

Histogram::Histogram(const std::vector<double>& bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds.size() + 1]) {
  for (std::size_t i = 0; i <= bounds.size(); ++i)
    buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double value) noexcept {
  if (std::isnan(value)) {
    detail::drop_nan_observation();
    return;
  }
  std::size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket])
    ++bucket;
  buckets_[bucket].fetch_add(1, std::memory_order_relaxed);
  double current = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(current, current + value, std::memory_order_relaxed)) {
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
              std::size_t label_count, const std::vector<double>& bounds) {
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
  UserFamily(const MetricInfo& info, const std::string_view* label_names, std::size_t label_count,
             std::vector<double> bounds)
      : name_(info.name), help_(valid_utf8(info.help)), unit_(info.unit),
        label_names_(label_names, label_names + label_count), bounds_(std::move(bounds)),
        created_(unix_time_now()) {}

  std::string_view name() const noexcept override { return name_; }

  Series& series(const std::string_view* label_values) {
    std::vector<std::string> key;
    for (std::size_t i = 0; i < label_names_.size(); ++i)
      key.push_back(valid_utf8(label_values[i]));
    std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<Series>& series = series_[std::move(key)];
    if (series == nullptr) {
      if constexpr (std::is_same_v<Series, Histogram>)
        series = std::make_unique<Histogram>(bounds_);
      else
        series = std::make_unique<Series>();
    }
    return *series;
  }

  FamilySnapshot snapshot() const override {
    FamilySnapshot family;
    family.name = name_;
    family.help = help_;
    family.unit = unit_;
    family.type = type_of<Series>();
    family.label_names.assign(label_names_.begin(), label_names_.end());
    family.bounds = bounds_;
    family.created = created_;
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [label_values, series] : series_) {
      SeriesSnapshot snapshot;
      snapshot.label_values.assign(label_values.begin(), label_values.end());
      if constexpr (std::is_same_v<Series, Counter>) {
        snapshot.count = series->value();
      } else if constexpr (std::is_same_v<Series, Gauge>) {
        snapshot.value = series->value();
      } else {
        for (std::size_t b = 0; b < series->bucket_count(); ++b) {
          snapshot.count += series->bucket(b);
          snapshot.buckets.push_back(snapshot.count);
        }
        snapshot.value = series->sum();
      }
      family.series.push_back(std::move(snapshot));
    }
    return family;
  }

private:
  const std::string name_;
  const std::string help_;
  const std::string unit_;
  const std::vector<std::string> label_names_;
  const std::vector<double> bounds_;
  const double created_;
  mutable std::mutex mutex_;
  // Sorted by label values, which is the exposition order. Entries are never
  // erased, so snapshots may point at the keys.
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;
};

template <class Series>
Series& user_series(UserFamily<Series>& family, const std::string_view* label_values) {
  return family.series(label_values);
}

template <class Series>
UserFamily<Series>& add_user_family(const MetricInfo& info, const std::string_view* label_names,
                                    std::size_t label_count, std::vector<double> bounds) {
  validate(type_of<Series>(), info, label_names, label_count, bounds);
  auto family =
      std::make_unique<UserFamily<Series>>(info, label_names, label_count, std::move(bounds));
  UserFamily<Series>& result = *family;
  Registry::instance().add_family(std::move(family));
  return result;
}

template Counter& user_series(UserFamily<Counter>&, const std::string_view*);
template Gauge& user_series(UserFamily<Gauge>&, const std::string_view*);
template Histogram& user_series(UserFamily<Histogram>&, const std::string_view*);
template UserFamily<Counter>& add_user_family(const MetricInfo&, const std::string_view*,
                                              std::size_t, std::vector<double>);
template UserFamily<Gauge>& add_user_family(const MetricInfo&, const std::string_view*, std::size_t,
                                            std::vector<double>);
template UserFamily<Histogram>& add_user_family(const MetricInfo&, const std::string_view*,
                                                std::size_t, std::vector<double>);

} // namespace detail
} // namespace telegen
