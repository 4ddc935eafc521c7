// Snapshots of the families registered at run time: this process's series,
// and in multi-process mode the other processes' series of the same
// families (and of families only they registered), added up by label
// values: counts and buckets summed, gauges combined by their mode.
#include "metrics/gauge_modes.hpp"
#include "metrics/registry.hpp"

#include <map>
#include <unistd.h>

namespace telegen::detail {
namespace {

// One series over the processes.
struct Totals {
  UserSeriesValues values;
  std::vector<GaugeValue> gauges;

  void add(const UserSeriesValues& more, std::int64_t pid, bool running) {
    values.count += more.count;
    values.value += more.value;
    values.buckets.resize(std::max(values.buckets.size(), more.buckets.size()));
    for (std::size_t b = 0; b < more.buckets.size(); ++b)
      values.buckets[b] += more.buckets[b];
    gauges.push_back({pid, running, more.value});
  }
};

struct Family {
  const UserFamilyInfo* info = nullptr;
  std::map<std::vector<std::string>, Totals> series;
};

FamilySnapshot snapshot(const Family& family, bool shared) {
  const UserFamilyInfo& info = *family.info;
  FamilySnapshot out;
  out.name = info.name;
  out.help = info.help;
  out.unit = info.unit;
  out.type = info.type;
  out.bounds = info.bounds;
  out.created = info.created;
  out.label_names.assign(info.label_names.begin(), info.label_names.end());
  const bool per_process = shared && info.type == MetricType::gauge && labels_pid(info.mode);
  if (per_process)
    out.label_names.push_back("pid");
  for (const auto& [label_values, totals] : family.series) {
    SeriesSnapshot series;
    for (const std::string& value : label_values)
      series.label_values.push_back(out.strings.emplace_back(value));
    if (info.type == MetricType::gauge && shared) {
      combine_gauge(info.mode, totals.gauges, [&](std::int64_t pid, double value) {
        SeriesSnapshot combined = series;
        if (per_process)
          combined.label_values.push_back(out.strings.emplace_back(std::to_string(pid)));
        combined.value = value;
        out.series.push_back(std::move(combined));
      });
      continue;
    }
    series.count = totals.values.count;
    series.value = totals.values.value;
    for (std::uint64_t bucket : totals.values.buckets) {
      series.count += bucket;
      series.buckets.push_back(series.count);
    }
    out.series.push_back(std::move(series));
  }
  return out;
}

} // namespace

void snapshot_user_families(const std::vector<std::unique_ptr<UserFamilyBase>>& families,
                            const ServicePeers* peers,
                            const std::function<bool(std::string_view)>& taken,
                            std::vector<FamilySnapshot>& out) {
  const std::int64_t pid = ::getpid();
  std::map<std::string, Family> merged;
  for (const auto& family : families) {
    Family& into = merged[family->info().name];
    into.info = &family->info();
    family->for_each_series(
        [&](const std::vector<std::string>& label_values, const UserSeriesValues& values) {
          into.series[label_values].add(values, pid, true);
        });
  }
  if (peers != nullptr) {
    // A family only other processes registered, unless a family of this
    // process has its name.
    for (const auto& [name, info] : peers->user_families())
      if (merged.count(name) == 0 && !taken(name))
        merged[name].info = &info;
    for (const ServicePeers::UserSeries& series : peers->user_series())
      if (auto family = merged.find(series.family); family != merged.end())
        family->second.series[series.label_values].add(series.values, series.pid, series.running);
  }
  for (const auto& [name, family] : merged)
    out.push_back(snapshot(family, peers != nullptr));
}

} // namespace telegen::detail
