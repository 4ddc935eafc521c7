// What the registry and the scrape know of a family registered at run time
// (telegen/metrics.hpp; user_metrics.cpp defines the families).
#pragma once

#include "telegen/detail/metric_descriptor.hpp"
#include "telegen/gauge_mode.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace telegen::detail {

struct UserFamilyInfo {
  std::string name;
  std::string help;
  std::string unit;
  MetricType type = MetricType::counter;
  GaugeMode mode = GaugeMode::all; // gauges
  std::vector<std::string> label_names;
  std::vector<double> bounds; // histograms, without +Inf
  double created = 0;         // seconds since the Unix epoch

  // Whether another process's family of this name can be added to this one.
  bool same_shape(const UserFamilyInfo& other) const {
    return type == other.type && mode == other.mode && label_names == other.label_names &&
           bounds == other.bounds;
  }
};

// One series' values: a counter's count, a gauge's value, a histogram's
// buckets (each alone, not cumulative, +Inf last) and sum.
struct UserSeriesValues {
  std::uint64_t count = 0;
  double value = 0;
  std::vector<std::uint64_t> buckets;
};

// Thread-safe. Never destroyed (the registry keeps it).
class UserFamilyBase {
public:
  explicit UserFamilyBase(UserFamilyInfo info) : info_(std::move(info)) {}
  virtual ~UserFamilyBase() = default;

  const UserFamilyInfo& info() const noexcept { return info_; }
  // Every series, sorted by label values.
  virtual void
  for_each_series(const std::function<void(const std::vector<std::string>& label_values,
                                           const UserSeriesValues& values)>& visit) const = 0;

  // fork(): the prepare handler holds the family's lock; a multi-process
  // child's series restart at 0.
  virtual void lock_for_fork() noexcept = 0;
  virtual void unlock_after_fork() noexcept = 0;
  virtual void reset_after_fork() noexcept = 0;

private:
  const UserFamilyInfo info_;
};

} // namespace telegen::detail
