// The readiness checks: run in parallel on threads of their own under one
// deadline per request, for /health/ready and /health/detailed alike.
#pragma once

#include "core/json_writer.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

struct CheckOutcome {
  std::string name;
  // "pass", "fail", "timeout", or "not_configured" (added without a check
  // function: reported, never failing readiness).
  std::string_view status;
  std::string error;
  // How long the check took; none when it timed out or is not configured.
  std::optional<double> latency_ms;
};

// Runs every check (one still running from an earlier request is waited
// for again, not restarted) and waits at most the readiness timeout for
// all of them together. Thread-safe.
std::vector<CheckOutcome> run_readiness_checks();

// {"<name>": {"status": ..., "latency_ms": ..., "error": ...}, ...}
void write_checks(JsonWriter& w, const std::vector<CheckOutcome>& checks);

} // namespace telegen::detail
