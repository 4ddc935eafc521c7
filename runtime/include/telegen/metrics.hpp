// Metrics registered at run time, for code that has no telegen schema (or
// metrics whose labels are only known at run time). Generated metrics are
// faster (no lock, no shared cache line) and checked against the schema;
// these follow the same exposition rules and appear in the same scrape.
//
//   auto jobs = telegen::add_counter({"jobs_processed_total", "Jobs processed."},
//                                    {"queue", "outcome"});
//   telegen::Counter& emails_ok = jobs.labels("emails", "ok"); // keep it
//   emails_ok.inc();
//
//   auto latency = telegen::add_histogram(
//       {"job_duration_seconds", "Time to run one job.", "seconds"}, {0.01, 0.1, 1, 10},
//       {"queue"});
//   latency.labels("emails").observe(0.042);
//
// Registration validates names and throws std::invalid_argument with the
// reason; a family name can be registered once per process.
//
// In multi-process mode (docs/metrics.md#multi-process-metrics) the series
// live in the process's metrics file and every process's /metrics shows
// the service's: counters and histograms summed over the processes that
// registered the family, gauges combined by the mode given to add_gauge().
#pragma once

#include "telegen/gauge_mode.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen {

namespace detail {
template <class Series> class UserFamily;
} // namespace detail

// A family's name, help text and unit. Names follow Prometheus rules
// ([a-zA-Z_:][a-zA-Z0-9_:]*, `telegen_` is reserved); counters' names end
// in `_total`; a unit, when given, is the name's last word before `_total`
// (`job_duration_seconds` has unit `seconds`). Help must not be empty.
struct MetricInfo {
  std::string_view name;
  std::string_view help;
  std::string_view unit = {};
};

// A monotonic count. Thread-safe: inc() is one relaxed atomic add.
class Counter {
public:
  Counter() = default;
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void inc(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
  template <class> friend class detail::UserFamily;

  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe: set() is a relaxed store,
// add() a compare-and-swap loop.
class Gauge {
public:
  Gauge() = default;
  Gauge(const Gauge&) = delete;
  Gauge& operator=(const Gauge&) = delete;

  void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
  void add(double delta) noexcept {
    double current = value_.load(std::memory_order_relaxed);
    while (!value_.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
    }
  }
  void inc() noexcept { add(1); }
  void dec() noexcept { add(-1); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
  template <class> friend class detail::UserFamily;

  std::atomic<double> value_{0};
};

// Counts observations into its family's buckets and sums them.
// Thread-safe. NaN observations are dropped and counted in
// telegen_nan_observations_dropped_total.
class Histogram {
public:
  // `bounds` (ascending, without +Inf) must outlive the histogram; its
  // family owns them.
  explicit Histogram(const std::vector<double>& bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void observe(double value) noexcept;

  // Observations in bucket `i` alone (not cumulative); the last is +Inf.
  std::uint64_t bucket(std::size_t i) const noexcept {
    return buckets_[i].load(std::memory_order_relaxed);
  }
  std::size_t bucket_count() const noexcept { return bounds_.size() + 1; }
  double sum() const noexcept { return sum_->load(std::memory_order_relaxed); }

private:
  template <class> friend class detail::UserFamily;
  // Counts into slots kept elsewhere (a multi-process metrics file).
  Histogram(const std::vector<double>& bounds, std::atomic<std::uint64_t>* buckets,
            std::atomic<double>* sum) noexcept;

  const std::vector<double>& bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> own_buckets_;
  std::atomic<double> own_sum_{0};
  std::atomic<std::uint64_t>* buckets_;
  std::atomic<double>* sum_;
};

namespace detail {
template <class Series>
Series& user_series(UserFamily<Series>& family, const std::string_view* label_values);
template <class Series>
UserFamily<Series>& add_user_family(const MetricInfo& info, const std::string_view* label_names,
                                    std::size_t label_count, std::vector<double> bounds,
                                    GaugeMode mode = GaugeMode::all);
} // namespace detail

// A handle on a registered family with LabelCount labels; copy it freely.
// Thread-safe.
template <class Series, std::size_t LabelCount> class Family {
public:
  explicit Family(detail::UserFamily<Series>& family) noexcept : family_(&family) {}

  // The series for these label values, one per label name given at
  // registration and in that order; created at first use, never removed.
  // Finding a series that exists takes no lock (a hash of the values and a
  // probe of a table); creating one takes the family's lock. Keeping the
  // reference where it is hot is cheaper still.
  template <class... Values> Series& labels(const Values&... values) const {
    static_assert(sizeof...(Values) == LabelCount,
                  "labels() takes one value per label name given at registration");
    const std::array<std::string_view, LabelCount> label_values{std::string_view(values)...};
    return detail::user_series(*family_, label_values.data());
  }

private:
  detail::UserFamily<Series>* family_;
};

template <std::size_t N>
Family<Counter, N> add_counter(const MetricInfo& info, const std::string_view (&label_names)[N]) {
  return Family<Counter, N>(detail::add_user_family<Counter>(info, label_names, N, {}));
}
inline Family<Counter, 0> add_counter(const MetricInfo& info) {
  return Family<Counter, 0>(detail::add_user_family<Counter>(info, nullptr, 0, {}));
}

// `mode`: how the processes of a multi-process service combine (a gauge
// shown per process, all or liveall, cannot have a label named pid).
template <std::size_t N>
Family<Gauge, N> add_gauge(const MetricInfo& info, const std::string_view (&label_names)[N],
                           GaugeMode mode = GaugeMode::all) {
  return Family<Gauge, N>(detail::add_user_family<Gauge>(info, label_names, N, {}, mode));
}
inline Family<Gauge, 0> add_gauge(const MetricInfo& info, GaugeMode mode = GaugeMode::all) {
  return Family<Gauge, 0>(detail::add_user_family<Gauge>(info, nullptr, 0, {}, mode));
}

// `buckets`: finite upper bounds in strictly ascending order; +Inf is
// implied.
template <std::size_t N>
Family<Histogram, N> add_histogram(const MetricInfo& info, std::vector<double> buckets,
                                   const std::string_view (&label_names)[N]) {
  return Family<Histogram, N>(
      detail::add_user_family<Histogram>(info, label_names, N, std::move(buckets)));
}
inline Family<Histogram, 0> add_histogram(const MetricInfo& info, std::vector<double> buckets) {
  return Family<Histogram, 0>(
      detail::add_user_family<Histogram>(info, nullptr, 0, std::move(buckets)));
}

} // namespace telegen
