#include "metrics/registry.hpp"

#include "metrics/metric_names.hpp"

#include "telegen/detail/self_metrics.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

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

Registry::Registry() : process_start_(unix_time_now()) {}

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
  if (!claim_name(family->name()))
    throw std::invalid_argument("telegen: a metric family named '" + std::string(family->name()) +
                                "' is already registered");
  families_.push_back(std::move(family));
}

std::vector<FamilySnapshot> Registry::collect() const {
  std::vector<FamilySnapshot> families;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Module& module : modules_)
      snapshot_module(*module.registration, module.created, module.exposed, families);
    for (const auto& family : families_)
      families.push_back(family->snapshot());
    collect_self_metrics(families);
  }
  std::sort(families.begin(), families.end(),
            [](const FamilySnapshot& a, const FamilySnapshot& b) { return a.name < b.name; });
  return families;
}

void Registry::collect_self_metrics(std::vector<FamilySnapshot>& out) const {
  for (const SelfCounter* counter = first_self_counter(); counter != nullptr;
       counter = counter->next()) {
    FamilySnapshot family;
    family.name = counter->name();
    family.help = counter->help();
    family.created = process_start_;
    family.series.push_back({{}, counter->value(), 0, {}});
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
              {{metric->name, label.name}, label.dynamic->overflowed(), 0, {}});
    }
  }
  out.push_back(std::move(overflow));
}

} // namespace telegen::detail
