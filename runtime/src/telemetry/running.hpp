// What the layers above the lifecycle (health, http) read of the running
// configuration.
#pragma once

#include "telegen/exporter.hpp"

namespace telegen::detail {

// The resource of the configuration telegen runs with, starting it from the
// environment when nothing has. Thread-safe.
Resource running_resource();

} // namespace telegen::detail
