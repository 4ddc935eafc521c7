// The process-wide list of everything a scrape reports: generated modules
// (registered during static initialization), families registered at run
// time, and telegen's self-metrics.
#pragma once

#include "metrics/metric_snapshot.hpp"
#include "metrics/multiprocess_scrape.hpp"
#include "metrics/user_family.hpp"
#include "telegen/detail/metrics.hpp"

#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace telegen::detail {

// Thread-safe. Never destroyed, so scrapes and registrations stay valid
// while the process exits.
class Registry {
public:
  static Registry& instance() noexcept;

  // A generated family whose name is already taken is left out and counted
  // in telegen_metric_families_rejected_total (generated code cannot be
  // told at static initialization).
  void add_module(const ModuleRegistration& module) noexcept;
  // Throws std::invalid_argument when the family's name is taken.
  void add_family(std::unique_ptr<UserFamilyBase> family);

  // Every family, sorted by name: in multi-process mode, of every process
  // of the service.
  std::vector<FamilySnapshot> collect(SeriesHandling series = SeriesHandling::kept) const;

private:
  Registry();

  // fork(): every lock a metric update or a scrape may hold is held across
  // it, so a child finds them free and what they guard consistent.
  static void prepare_fork() noexcept;
  static void after_fork_in_parent() noexcept;
  static void after_fork_in_child() noexcept;
  void unlock_after_fork() noexcept;

  struct Module {
    const ModuleRegistration* registration;
    double created;
    std::vector<bool> exposed; // per metric: false when its name was taken
  };

  // Claims a family name; false when it is taken. A counter and another
  // family whose name is the counter's without _total would share an
  // OpenMetrics family name, so names are compared without that suffix.
  bool claim_name(std::string_view name);
  void collect_self_metrics(const ServicePeers* peers, std::vector<FamilySnapshot>& out) const;
  // Every dynamic label of every module.
  std::vector<DynamicLabel*> dynamic_labels() const;

  double process_start_;
  mutable std::mutex mutex_;
  std::vector<Module> modules_;
  std::vector<std::unique_ptr<UserFamilyBase>> families_;
  std::set<std::string, std::less<>> names_;
  mutable ServicePeers peers_;
};

// Seconds since the Unix epoch, for _created.
double unix_time_now() noexcept;

// What a scrape shows of one generated module: its counts and sums (this
// process's slabs, plus the other processes' in multi-process mode), and
// the gauges of every process. Read at collect(), under the registry's
// lock; the copies are all a visited series reads later.
struct ModuleValues {
  const ShardSet* shards = nullptr; // this process's slabs, for exemplars
  std::vector<std::uint64_t> counts;
  std::vector<double> sums;
  std::vector<double> gauges; // a single process's
  // Multi-process mode: gauges combine over `gauge_sources` by their mode
  // (in the peers' files: read only during collect()).
  bool shared = false;
  std::vector<GaugeSource> gauge_sources;
  const ServicePeers* peers = nullptr; // multi-process mode
};

// Updates a dynamic label sent to __overflow__, in this process and (in
// multi-process mode) the others.
std::uint64_t overflows(const DynamicLabel& label, const ServicePeers* peers);

// One FamilySnapshot per family registered at run time in this process or
// (multi-process mode) another; `taken` tells names other families have.
void snapshot_user_families(const std::vector<std::unique_ptr<UserFamilyBase>>& families,
                            const ServicePeers* peers,
                            const std::function<bool(std::string_view)>& taken,
                            std::vector<FamilySnapshot>& out);

// One FamilySnapshot per exposed metric of a generated module. Visited
// series (SeriesHandling::visited) share `values`.
void snapshot_module(const ModuleRegistration& module, double created,
                     const std::vector<bool>& exposed,
                     const std::shared_ptr<const ModuleValues>& values, SeriesHandling series,
                     std::vector<FamilySnapshot>& out);

} // namespace telegen::detail
