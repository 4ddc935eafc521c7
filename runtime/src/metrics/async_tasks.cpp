#include "telegen/detail/async_tasks.hpp"

namespace telegen::detail {

Gauge& active_async_tasks(std::string_view executor_name) {
  static const Family<Gauge, 1> family = add_gauge(
      {"active_async_tasks",
       "Coroutines started through co_spawn under telegen that have not finished."},
      {"executor"});
  return family.labels(executor_name);
}

} // namespace telegen::detail
