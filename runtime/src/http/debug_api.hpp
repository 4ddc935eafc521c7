// The Telemetry Debug API's state in this process: its configuration and
// token store, the verifier extract() asks about X-Debug-Token, and the
// endpoint's handler.
#pragma once

#include "http/debug_store.hpp"
#include "telegen/debug_api.hpp"

#include <httplib.h>

#include <memory>

namespace telegen::detail {

struct DebugApiState {
  DebugApiConfig config;
  std::unique_ptr<DebugStore> store;

  // Enabled, with a secret and at least one admin caller.
  bool serving() const noexcept;
};

// The current configuration (from the environment until
// configure_debug_api is called). Thread-safe.
std::shared_ptr<const DebugApiState> debug_api_state();

inline constexpr const char* debug_api_path = "/api/telemetry/debug";

// POST /api/telemetry/debug.
void serve_debug_api(const httplib::Request& request, httplib::Response& response);

// X-Debug-Token values ignored so far (telegen_debug_tokens_ignored_total).
std::uint64_t ignored_debug_tokens() noexcept;

// Registers the verifier of X-Debug-Token with the context layer (at
// static initialization of any program linked with telegen::http).
void install_debug_verifier() noexcept;

} // namespace telegen::detail
