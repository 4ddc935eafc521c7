// The dependencies every generated module declared, for the health
// endpoints.
#pragma once

#include "telegen/detail/resilience.hpp"

#include <vector>

namespace telegen::detail {

struct RegisteredDependency {
  const DependencyDescriptor* descriptor;
  const DependencyState* state;
};

// Every registered dependency, in registration order (modules) and
// declaration order (within a module). Thread-safe.
std::vector<RegisteredDependency> registered_dependencies();

} // namespace telegen::detail
