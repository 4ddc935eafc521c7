// The process-wide list of everything a scrape reports: generated modules
// (registered during static initialization), families registered at run
// time, and telegen's self-metrics.
#pragma once

#include "metrics/metric_snapshot.hpp"
#include "telegen/detail/metrics.hpp"

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace telegen::detail {

// A family registered at run time (telegen/metrics.hpp).
class UserFamilyBase {
public:
  virtual ~UserFamilyBase() = default;
  virtual std::string_view name() const noexcept = 0;
  virtual FamilySnapshot snapshot() const = 0;
};

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

  // Every family, sorted by name.
  std::vector<FamilySnapshot> collect() const;

private:
  Registry();

  struct Module {
    const ModuleRegistration* registration;
    double created;
    std::vector<bool> exposed; // per metric: false when its name was taken
  };

  // Claims a family name; false when it is taken. A counter and another
  // family whose name is the counter's without _total would share an
  // OpenMetrics family name, so names are compared without that suffix.
  bool claim_name(std::string_view name);
  void collect_self_metrics(std::vector<FamilySnapshot>& out) const;

  double process_start_;
  mutable std::mutex mutex_;
  std::vector<Module> modules_;
  std::vector<std::unique_ptr<UserFamilyBase>> families_;
  std::set<std::string, std::less<>> names_;
};

// Seconds since the Unix epoch, for _created.
double unix_time_now() noexcept;

// One FamilySnapshot per exposed metric of a generated module.
void snapshot_module(const ModuleRegistration& module, double created,
                     const std::vector<bool>& exposed, std::vector<FamilySnapshot>& out);

} // namespace telegen::detail
