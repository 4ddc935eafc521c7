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

// Made while the program loads, before it can start threads: a first use
// racing a fork in another thread would leave the child waiting forever on
// the guard of this static.
[[maybe_unused]] const Family<Gauge, 1>& family_at_load = async_task_family();

} // namespace

Gauge& active_async_tasks(std::string_view executor_name) {
  return async_task_family().labels(executor_name);
}

} // namespace telegen::detail
