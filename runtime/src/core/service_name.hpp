// The service name a configuration gives, with OpenTelemetry's default
// when it gives none.
#pragma once

#include "telegen/config.hpp"

#include <string>

namespace telegen::detail {

// config.service_name, else "unknown_service:<executable name>".
std::string service_name_or_default(const Config& config);

// The service.version resource attribute, else empty.
std::string service_version(const Config& config);

} // namespace telegen::detail
