// The gauge of coroutines started through an instrumented co_spawn. For
// generated code and telegen's Asio integration only.
#pragma once

#include "telegen/metrics.hpp"

#include <string_view>

namespace telegen::detail {

// active_async_tasks{executor="<name>"}: coroutines spawned on the executor
// the instrumenter names `executor_name` (its spelling at the co_spawn call)
// that have not finished. Registered at first use. Thread-safe.
Gauge& active_async_tasks(std::string_view executor_name);

} // namespace telegen::detail
