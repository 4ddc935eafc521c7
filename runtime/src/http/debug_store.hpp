// What a signature cannot say about a debug token: how many are active (at
// most 5 per environment) and which were revoked. Kept per process, or in
// Redis, shared by every process of the environment, when
// TELEGEN_DEBUG_REDIS_URL is set.
#pragma once

#include "http/debug_token.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace telegen::detail {

inline constexpr std::size_t max_active_debug_tokens = 5;

class DebugStore {
public:
  enum class Issue { issued, limit_reached, unavailable };

  virtual ~DebugStore() = default;
  // Counts `claims` as active until it expires, unless max_active_debug_tokens
  // unexpired, unrevoked tokens are.
  virtual Issue issue(const DebugClaims& claims, std::chrono::system_clock::time_point now) = 0;
  // Revokes the token until it expires; false when the store cannot be
  // reached.
  virtual bool revoke(const DebugClaims& claims, std::chrono::system_clock::time_point now) = 0;
  // Whether the token was revoked; nothing when the store cannot be reached.
  virtual std::optional<bool> revoked(std::string_view id) = 0;
  // "process" or the Redis address, for the audit and errors.
  virtual std::string where() const = 0;
};

// Thread-safe, both.
std::unique_ptr<DebugStore> make_process_debug_store();
// `url`: redis://HOST:PORT[/DB]. Throws std::invalid_argument naming what
// to write for a malformed one; connects on first use.
std::unique_ptr<DebugStore> make_redis_debug_store(std::string_view url);

} // namespace telegen::detail
