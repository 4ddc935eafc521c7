// Debug tokens of the Telemetry Debug API: what a token claims, signed with
// HMAC-SHA-256 so that every process holding the secret verifies it
// without storage. A token reads
//   dbg_<id>.<scope>.<frontend or *>.<expiry, Unix seconds>.<HMAC, hex>
// the HMAC being over everything before its dot. Nothing in it is secret;
// only the signature makes it valid.
#pragma once

#include "telegen/detail/debug_mode.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace telegen::detail {

struct DebugClaims {
  std::string id; // 32 hex digits, random
  DebugScope scope = DebugScope::all;
  std::optional<Frontend> frontend; // nullopt: every frontend
  std::chrono::system_clock::time_point expires_at;
};

// A new random id (OpenSSL's generator).
std::string new_debug_id();

// The token for `claims` (expires_at is kept to the second).
std::string sign_debug_token(const DebugClaims& claims, std::string_view secret);

enum class TokenCheck { valid, malformed, forged, expired };

// "valid", "malformed", "forged", "expired".
std::string_view to_string(TokenCheck check) noexcept;

struct CheckedToken {
  TokenCheck check = TokenCheck::malformed;
  DebugClaims claims; // filled in when the token is well-formed
};

// Checks the token's form, then its signature (compared in constant time),
// then its expiry against `now`. An empty secret verifies nothing.
CheckedToken check_debug_token(std::string_view token, std::string_view secret,
                               std::chrono::system_clock::time_point now);

} // namespace telegen::detail
