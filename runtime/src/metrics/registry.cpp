#include "metrics/registry.hpp"

#include "metrics/metric_names.hpp"
#include "metrics/multiprocess.hpp"
#include "metrics/process_metrics.hpp"

#include "telegen/detail/self_metrics.hpp"

#include <algorithm>
#include <chrono>
#include <pthread.h>
#include <set>
#include <stdexcept>
#include <unistd.h>

namespace telegen::detail {
namespace {

SelfCounter rejected_families{
    "telegen_metric_families_rejected_total",
    "Generated metric families left out of the exposition because another family had their "
    "name."};

SelfCounter nan_observations{"telegen_nan_observations_dropped_total",
                             "Histogram observations dropped because the value was NaN."};

SelfCounter invalid_label_values{
    "telegen_invalid_label_values_total",
    "Metric updates dropped because an enumerated label held a value outside its enum."};

constexpr std::string_view kOverflowFamily = "telegen_label_overflow_total";
constexpr std::string_view kOverflowHelp =
    "Updates sent to the __overflow__ series because a dynamic label already had max_values "
    "values, by metric and label.";

} // namespace

void drop_nan_observation() noexcept { nan_observations.add(); }
void drop_invalid_label_value() noexcept { invalid_label_values.add(); }

double unix_time_now() noexcept {
  using Seconds = std::chrono::duration<double>;
  return std::chrono::duration_cast<Seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void ModuleRegistration::register_self() noexcept { Registry::instance().add_module(*this); }

Registry& Registry::instance() noexcept {
  // Leaked on purpose: the endpoint's thread may scrape while static
  // destructors run at exit.
  static Registry* const registry = new Registry();
  return *registry;
}

namespace {
// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] Registry& registry_at_load = Registry::instance();
} // namespace

Registry::Registry() : process_start_(unix_time_now()) {
  // The process metrics' names are taken from the start.
  for (std::string_view name : process_metric_names())
    claim_name(name);
  pthread_atfork(&prepare_fork, &after_fork_in_parent, &after_fork_in_child);
}

std::uint64_t overflows(const DynamicLabel& label, const ServicePeers* peers) {
  const LabelIdentity& id = label.identity();
  return label.overflowed() +
         (peers == nullptr
              ? 0
              : peers->count({CountKind::label_overflow, id.fingerprint, id.metric, id.label}));
}

std::vector<DynamicLabel*> Registry::dynamic_labels() const {
  std::set<DynamicLabel*> labels;
  for (const Module& module : modules_)
    for (const MetricDescriptor* metric : module.registration->metrics())
      for (const LabelDescriptor& label : metric->labels)
        if (label.dynamic != nullptr)
          labels.insert(label.dynamic);
  return {labels.begin(), labels.end()};
}

void Registry::prepare_fork() noexcept {
  Registry& registry = instance();
  registry.mutex_.lock();
  for (const Module& module : registry.modules_)
    module.registration->shards().lock_for_fork();
  for (DynamicLabel* label : registry.dynamic_labels())
    label->lock_for_fork();
  for (const auto& family : registry.families_)
    family->lock_for_fork();
  Multiprocess::instance().lock_for_fork();
}

void Registry::unlock_after_fork() noexcept {
  Multiprocess::instance().unlock_after_fork();
  for (const auto& family : families_)
    family->unlock_after_fork();
  for (DynamicLabel* label : dynamic_labels())
    label->unlock_after_fork();
  for (const Module& module : modules_)
    module.registration->shards().unlock_after_fork();
  mutex_.unlock();
}

void Registry::after_fork_in_parent() noexcept { instance().unlock_after_fork(); }

void Registry::after_fork_in_child() noexcept {
  Registry& registry = instance();
  Multiprocess& store = Multiprocess::instance();
  // The parent's counts stay in the parent's file: a child of a shared
  // process starts from zero, so no sum counts them twice.
  const bool zero = store.sharing();
  store.after_fork_in_child();
  for (const Module& module : registry.modules_) {
    module.registration->shards().after_fork_in_child(zero);
    if (zero)
      module.registration->gauges().zero_after_fork();
  }
  if (zero) {
    for (DynamicLabel* label : registry.dynamic_labels())
      label->reset_after_fork();
    for (SelfCounter* counter = first_self_counter(); counter != nullptr; counter = counter->next())
      counter->count().reset_after_fork();
    for (const auto& family : registry.families_)
      family->reset_after_fork();
  }
  registry.unlock_after_fork();
}

bool Registry::claim_name(std::string_view name) {
  return names_.emplace(without_counter_suffix(name)).second;
}

void Registry::add_module(const ModuleRegistration& module) noexcept {
  try {
    std::lock_guard<std::mutex> lock(mutex_);
    Module entry{&module, unix_time_now(), {}};
    for (const MetricDescriptor* metric : module.metrics()) {
      const bool claimed = claim_name(metric->name);
      if (!claimed)
        rejected_families.add();
      entry.exposed.push_back(claimed);
    }
    modules_.push_back(std::move(entry));
  } catch (const std::exception&) {
    // Out of memory during static initialization: nothing to throw to.
    rejected_families.add(module.metrics().size);
  }
}

void Registry::add_family(std::unique_ptr<UserFamilyBase> family) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string& name = family->info().name;
  if (!claim_name(name))
    throw std::invalid_argument("telegen: a metric family named '" + name +
                                "' is already registered");
  families_.push_back(std::move(family));
}

namespace {

std::shared_ptr<const ModuleValues> module_values(const ModuleRegistration& module,
                                                  const ServicePeers* peers) {
  auto values = std::make_shared<ModuleValues>();
  const ShardSet& shards = module.shards();
  values->shards = &shards;
  values->counts.resize(shards.count_slots());
  values->sums.resize(shards.sum_slots());
  shards.sum(values->counts.data(), values->sums.data());
  const GaugeBlock& gauges = module.gauges();
  const std::int64_t pid = ::getpid();
  if (peers == nullptr) {
    const std::atomic<double>* own = gauges.values();
    values->gauges.reserve(gauges.size());
    for (std::size_t slot = 0; slot < gauges.size(); ++slot)
      values->gauges.push_back(own[slot].load(std::memory_order_relaxed));
    return values;
  }
  values->shared = true;
  values->peers = peers;
  peers->add_slabs(shards.shape(), values->counts.data(), values->sums.data());
  // A process shows its gauges once it has updated one of them.
  if (const std::atomic<double>* own = gauges.updated())
    values->gauge_sources.push_back({pid, true, own});
  peers->add_gauges(module.fingerprint(), gauges.size(), values->gauge_sources);
  std::sort(values->gauge_sources.begin(), values->gauge_sources.end(),
            [](const GaugeSource& a, const GaugeSource& b) { return a.pid < b.pid; });
  return values;
}

} // namespace

std::vector<FamilySnapshot> Registry::collect(SeriesHandling series) const {
  Multiprocess& store = Multiprocess::instance();
  const bool shared = store.shared();
  std::vector<FamilySnapshot> families;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const ServicePeers* peers = nullptr;
    if (shared) {
      std::vector<SlabShape> shapes;
      for (const Module& module : modules_)
        shapes.push_back(module.registration->shards().shape());
      std::vector<const UserFamilyInfo*> own_families;
      for (const auto& family : families_)
        own_families.push_back(&family->info());
      peers_.refresh(store.directory(), store.own_file_path(), shapes, own_families);
      store.with_labels([&](LabelLog& log) { log.sync(dynamic_labels()); });
      peers = &peers_;
    }
    for (const Module& module : modules_)
      snapshot_module(*module.registration, module.created, module.exposed,
                      module_values(*module.registration, peers), series, families);
    snapshot_user_families(
        families_, peers,
        [&](std::string_view name) { return names_.count(without_counter_suffix(name)) > 0; },
        families);
    collect_self_metrics(peers, families);
    collect_process_metrics(peers, families);
  }
  std::sort(families.begin(), families.end(),
            [](const FamilySnapshot& a, const FamilySnapshot& b) { return a.name < b.name; });
  return families;
}

void Registry::collect_self_metrics(const ServicePeers* peers,
                                    std::vector<FamilySnapshot>& out) const {
  for (const SelfCounter* counter = first_self_counter(); counter != nullptr;
       counter = counter->next()) {
    FamilySnapshot family;
    family.name = counter->name();
    family.help = counter->help();
    family.created = process_start_;
    const std::uint64_t others =
        peers == nullptr ? 0 : peers->count({CountKind::self, 0, counter->name(), {}});
    const std::uint64_t total = counter->value() + others;
    family.float_total = counter->unit() != 1;
    if (family.float_total)
      family.series.push_back({{}, 0, static_cast<double>(total) * counter->unit(), {}});
    else
      family.series.push_back({{}, total, 0, {}});
    out.push_back(std::move(family));
  }

  FamilySnapshot overflow;
  overflow.name = kOverflowFamily;
  overflow.help = kOverflowHelp;
  overflow.label_names = {"metric", "label"};
  overflow.created = process_start_;
  for (const Module& module : modules_) {
    std::size_t index = 0;
    for (const MetricDescriptor* metric : module.registration->metrics()) {
      if (!module.exposed[index++])
        continue;
      for (const LabelDescriptor& label : metric->labels)
        if (label.dynamic != nullptr)
          overflow.series.push_back(
              {{metric->name, label.name}, overflows(*label.dynamic, peers), 0, {}});
    }
  }
  out.push_back(std::move(overflow));
}

} // namespace telegen::detail
