// What the layers above the lifecycle (health, http) read of the running
// configuration.
#pragma once

#include "telegen/exporter.hpp"

#include <chrono>

namespace telegen::detail {

// The resource of the configuration telegen runs with, starting it from the
// environment when nothing has. Thread-safe.
Resource running_resource();

// The running configuration's logs.slow_request. Thread-safe (a relaxed
// load); the default until telegen starts.
std::chrono::milliseconds slow_request_threshold() noexcept;

} // namespace telegen::detail
