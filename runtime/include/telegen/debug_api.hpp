// The Telemetry Debug API's configuration (target telegen::http): who may
// ask POST /api/telemetry/debug for a debug token, the secret tokens are
// signed with, and where the active-token limit and revocations are kept.
// docs/debugging.md shows it at work.
#pragma once

#include <string>
#include <vector>

namespace telegen {

// admin: issues and revokes tokens; developer: issues tokens only.
enum class DebugRole { admin, developer };

// One bearer token the endpoint accepts. `name` is what the audit records
// (who); `token` is the secret the caller sends as Authorization: Bearer.
struct DebugApiCaller {
  std::string name;
  DebugRole role = DebugRole::developer;
  std::string token;
};

// A plain value.
//
//   telegen::DebugApiConfig config = telegen::DebugApiConfig::from_env();
//   config.callers.push_back({"ci", telegen::DebugRole::developer, ci_token});
//   telegen::configure_debug_api(config);
struct DebugApiConfig {
  // TELEGEN_DEBUG_API=on. The endpoint answers only when enabled with at
  // least one admin caller and a secret.
  bool enabled = false;
  // TELEGEN_DEBUG_API_TOKENS="alice:admin:<token>,ci:developer:<token>".
  std::vector<DebugApiCaller> callers;
  // TELEGEN_DEBUG_SECRET: the HMAC-SHA-256 key, the same in every process
  // of the service (at least 32 bytes). Without it no token is issued and
  // every X-Debug-Token is ignored.
  std::string secret;
  // TELEGEN_DEBUG_REDIS_URL=redis://HOST:PORT[/DB]: the limit of 5 active
  // tokens and revocations shared by every process using it; empty: kept
  // per process.
  std::string redis_url;

  // Reads the variables named above. A malformed entry is reported once on
  // stderr, naming the variable and what it accepts, and left out.
  static DebugApiConfig from_env();
};

// Replaces the configuration (read from the environment on first use
// otherwise). Throws std::invalid_argument, saying what to write, for a
// caller with an empty name or token, a secret shorter than 32 bytes, or a
// malformed Redis URL. Thread-safe.
void configure_debug_api(DebugApiConfig config);

} // namespace telegen
