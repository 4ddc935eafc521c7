#include "metrics/process_metrics.hpp"

#include "core/service_name.hpp"
#include "metrics/process_stats.hpp"
#include "metrics/registry.hpp"

#include "telegen/version.hpp"

#include <algorithm>
#include <mutex>
#include <optional>
#include <unistd.h>

namespace telegen::detail {
namespace {

struct BuildInfo {
  std::mutex mutex;
  bool set = false;
  std::string service_name;
  std::string service_version;
};

BuildInfo& build_info() {
  static BuildInfo* const info = new BuildInfo();
  return *info;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] BuildInfo& build_info_at_load = build_info();

// One family per figure of a process.
struct ProcessFigure {
  std::string_view name;
  std::string_view help;
  std::string_view unit;
  MetricType type;
};

constexpr ProcessFigure cpu{"process_cpu_seconds_total",
                            "User and system CPU time the process has used, in seconds.", "seconds",
                            MetricType::counter};
constexpr ProcessFigure resident{"process_resident_memory_bytes",
                                 "Memory of the process resident in RAM, in bytes.", "bytes",
                                 MetricType::gauge};
constexpr ProcessFigure virtual_memory{"process_virtual_memory_bytes",
                                       "Virtual memory the process has mapped, in bytes.", "bytes",
                                       MetricType::gauge};
constexpr ProcessFigure open_fds{"process_open_fds", "File descriptors the process has open.", "",
                                 MetricType::gauge};
constexpr ProcessFigure max_fds{"process_max_fds",
                                "Limit on the file descriptors the process may open.", "",
                                MetricType::gauge};
constexpr ProcessFigure start_time{"process_start_time_seconds",
                                   "When the process started, in seconds since the Unix epoch.",
                                   "seconds", MetricType::gauge};
constexpr ProcessFigure threads{"process_threads", "Threads the process runs.", "",
                                MetricType::gauge};
constexpr ProcessFigure uptime{"process_uptime_seconds",
                               "Time since the process started, in seconds.", "seconds",
                               MetricType::gauge};

constexpr const ProcessFigure* figures[] = {&cpu,     &resident,   &virtual_memory, &open_fds,
                                            &max_fds, &start_time, &threads,        &uptime};
constexpr std::string_view build_info_name = "telegen_build_info";

FamilySnapshot family_of(const ProcessFigure& figure, bool labelled, double created) {
  FamilySnapshot family;
  family.name = figure.name;
  family.help = figure.help;
  family.unit = figure.unit;
  family.type = figure.type;
  family.float_total = figure.type == MetricType::counter;
  family.created = created;
  if (labelled)
    family.label_names.push_back("pid");
  return family;
}

// The processes shown: this one, and the running ones of the service.
std::vector<std::int64_t> processes(const ServicePeers* peers) {
  std::vector<std::int64_t> pids{::getpid()};
  if (peers != nullptr)
    for (const ServicePeers::Peer& peer : peers->peers())
      if (peer.running)
        pids.push_back(peer.file->identity().pid);
  std::sort(pids.begin(), pids.end());
  return pids;
}

FamilySnapshot build_info_family() {
  BuildInfo& info = build_info();
  std::lock_guard<std::mutex> lock(info.mutex);
  if (!info.set) {
    const Config config = Config::from_env();
    info.service_name = service_name_or_default(config);
    info.service_version = service_version(config);
    info.set = true;
  }
  FamilySnapshot family;
  family.name = build_info_name;
  family.help = "The service this process runs and the telegen it was built with; always 1.";
  family.type = MetricType::gauge;
  family.label_names = {"service_name", "service_version", "telegen_version"};
  SeriesSnapshot series;
  series.label_values = {family.strings.emplace_back(info.service_name),
                         family.strings.emplace_back(info.service_version), TELEGEN_VERSION_STRING};
  series.value = 1;
  family.series.push_back(std::move(series));
  return family;
}

} // namespace

std::vector<std::string_view> process_metric_names() {
  std::vector<std::string_view> names{build_info_name};
  for (const ProcessFigure* figure : figures)
    names.push_back(figure->name);
  return names;
}

void set_build_info(std::string service_name, std::string service_version) {
  BuildInfo& info = build_info();
  std::lock_guard<std::mutex> lock(info.mutex);
  info.service_name = std::move(service_name);
  info.service_version = std::move(service_version);
  info.set = true;
}

void collect_process_metrics(const ServicePeers* peers, std::vector<FamilySnapshot>& out) {
  const bool labelled = peers != nullptr;
  const double now = unix_time_now();
  const std::optional<ProcessStats> own = read_process_stats(::getpid());
  const double created = own ? start_time_seconds(own->start_ticks) : now;
  std::vector<FamilySnapshot> families;
  for (const ProcessFigure* figure : figures)
    families.push_back(family_of(*figure, labelled, created));
  for (std::int64_t pid : processes(peers)) {
    const std::optional<ProcessStats> stats = read_process_stats(pid);
    if (!stats)
      continue; // exited since the directory was read
    const double started = start_time_seconds(stats->start_ticks);
    const std::optional<std::uint64_t> fds = count_open_fds(pid);
    const std::optional<std::uint64_t> fd_limit = max_open_fds(pid);
    const std::optional<double> values[] = {
        stats->cpu_seconds,
        static_cast<double>(stats->resident_bytes),
        static_cast<double>(stats->virtual_bytes),
        fds ? std::optional<double>(static_cast<double>(*fds)) : std::nullopt,
        fd_limit ? std::optional<double>(static_cast<double>(*fd_limit)) : std::nullopt,
        started,
        static_cast<double>(stats->threads),
        now - started};
    for (std::size_t i = 0; i < families.size(); ++i) {
      if (!values[i])
        continue;
      SeriesSnapshot series;
      if (labelled)
        series.label_values.push_back(families[i].strings.emplace_back(std::to_string(pid)));
      series.value = *values[i];
      families[i].series.push_back(std::move(series));
    }
  }
  for (FamilySnapshot& family : families)
    out.push_back(std::move(family));
  out.push_back(build_info_family());
}

} // namespace telegen::detail
