// The built-in lifecycle schema's records (schemas/lifecycle.yaml):
// service_started and configuration_loaded when telegen starts in a
// process, service_stopped when it shuts down. The log thread writes them
// (log/own_record.hpp); their fields are the schema's, in its order.
#pragma once

#include "log/own_record.hpp"
#include "telegen/config.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telegen::detail {

// service_started and configuration_loaded, of `config`.
OwnRecord started_record(const Config& config);
OwnRecord configuration_record(const Config& config);

// service_stopped, `uptime` after service_started.
OwnRecord closing_record(std::chrono::steady_clock::duration uptime);

// The helpers configuration_loaded's values go through, for the tests:
// "name=value" pairs joined by commas, a value under a secret's name
// (core/redaction.hpp) replaced by [REDACTED]; and an endpoint with the
// password of its user information replaced the same way.
std::string redacted_pairs(const std::vector<std::pair<std::string, std::string>>& pairs);
std::string redacted_endpoint(std::string_view url);

} // namespace telegen::detail
