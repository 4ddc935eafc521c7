#include "telegen/detail/async_tasks.hpp"

namespace telegen::detail {
namespace {

const Family<Gauge, 1>& async_task_family() {
  static const Family<Gauge, 1> family = add_gauge(
      {"active_async_tasks",
       "Coroutines started through co_spawn under telegen that have not finished."},
      {"executor"});
  return family;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] const Family<Gauge, 1>& family_at_load = async_task_family();

} // namespace

Gauge& active_async_tasks(std::string_view executor_name) {
  return async_task_family().labels(executor_name);
}

} // namespace telegen::detail
