// The Debug API's configuration, and the verification of the X-Debug-Token
// a request (or a child process) arrives with.
#include "http/debug_api.hpp"

#include "telegen/detail/debug_mode.hpp"
#include "telegen/detail/self_metrics.hpp"

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace telegen {
namespace {

constexpr std::size_t min_secret_bytes = 32;

std::string getenv_string(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// "name:role:token"; the token is everything after the second colon.
std::optional<DebugApiCaller> parse_caller(std::string_view entry) {
  const std::size_t first = entry.find(':');
  const std::size_t second = first == std::string_view::npos ? first : entry.find(':', first + 1);
  if (second == std::string_view::npos)
    return std::nullopt;
  const std::string_view role = entry.substr(first + 1, second - first - 1);
  if (role != "admin" && role != "developer")
    return std::nullopt;
  DebugApiCaller caller{std::string(entry.substr(0, first)),
                        role == "admin" ? DebugRole::admin : DebugRole::developer,
                        std::string(entry.substr(second + 1))};
  if (caller.name.empty() || caller.token.empty())
    return std::nullopt;
  return caller;
}

void validate(const DebugApiConfig& config) {
  for (const DebugApiCaller& caller : config.callers)
    if (caller.name.empty() || caller.token.empty())
      throw std::invalid_argument(
          "telegen: a debug API caller needs a name and a token (name:admin:<token>)");
  if (!config.secret.empty() && config.secret.size() < min_secret_bytes)
    throw std::invalid_argument("telegen: the debug token secret (TELEGEN_DEBUG_SECRET) has " +
                                std::to_string(config.secret.size()) +
                                " bytes; use at least 32 random bytes, e.g. "
                                "`openssl rand -hex 32`");
}

std::shared_ptr<detail::DebugApiState> make_state(DebugApiConfig config) {
  validate(config);
  auto state = std::make_shared<detail::DebugApiState>();
  state->store = config.redis_url.empty() ? detail::make_process_debug_store()
                                          : detail::make_redis_debug_store(config.redis_url);
  state->config = std::move(config);
  return state;
}

std::mutex state_mutex;
std::shared_ptr<const detail::DebugApiState> current_state;

detail::SelfCounter tokens_ignored{
    "telegen_debug_tokens_ignored_total",
    "X-Debug-Token values ignored (forged, expired, malformed, revoked, for another frontend, "
    "or received without TELEGEN_DEBUG_SECRET): the request was served at the normal level."};

std::shared_ptr<const detail::DebugMode> verify(std::string_view token, Frontend frontend) {
  const auto state = detail::debug_api_state();
  const auto now = std::chrono::system_clock::now();
  const detail::CheckedToken checked = detail::check_debug_token(token, state->config.secret, now);
  const detail::DebugClaims& claims = checked.claims;
  if (checked.check != detail::TokenCheck::valid ||
      (claims.frontend && *claims.frontend != frontend) ||
      state->store->revoked(claims.id).value_or(true)) {
    tokens_ignored.add();
    return nullptr;
  }
  return std::make_shared<const detail::DebugMode>(std::string(token), claims.id, claims.scope,
                                                   claims.frontend, claims.expires_at);
}

} // namespace

DebugApiConfig DebugApiConfig::from_env() {
  DebugApiConfig config;
  const std::string enabled = getenv_string("TELEGEN_DEBUG_API");
  config.enabled = enabled == "on" || enabled == "true" || enabled == "1";
  if (!enabled.empty() && !config.enabled && enabled != "off" && enabled != "false" &&
      enabled != "0")
    std::fprintf(stderr, "telegen: TELEGEN_DEBUG_API='%s' is not on or off; the debug API is off\n",
                 enabled.c_str());
  const std::string callers = getenv_string("TELEGEN_DEBUG_API_TOKENS");
  std::size_t index = 0;
  for (std::size_t start = 0; start <= callers.size() && !callers.empty();) {
    const std::size_t comma = std::min(callers.find(',', start), callers.size());
    ++index;
    if (auto caller = parse_caller(std::string_view(callers).substr(start, comma - start)))
      config.callers.push_back(std::move(*caller));
    else
      std::fprintf(stderr,
                   "telegen: entry %zu of TELEGEN_DEBUG_API_TOKENS is not name:role:token (role "
                   "admin or developer); it is left out\n",
                   index);
    start = comma + 1;
  }
  config.secret = getenv_string("TELEGEN_DEBUG_SECRET");
  config.redis_url = getenv_string("TELEGEN_DEBUG_REDIS_URL");
  return config;
}

void configure_debug_api(DebugApiConfig config) {
  auto state = make_state(std::move(config));
  std::lock_guard<std::mutex> lock(state_mutex);
  current_state = std::move(state);
}

namespace detail {

bool DebugApiState::serving() const noexcept {
  bool admin = false;
  for (const DebugApiCaller& caller : config.callers)
    admin |= caller.role == DebugRole::admin;
  return config.enabled && admin && !config.secret.empty();
}

std::shared_ptr<const DebugApiState> debug_api_state() {
  std::lock_guard<std::mutex> lock(state_mutex);
  if (current_state == nullptr) {
    try {
      current_state = make_state(DebugApiConfig::from_env());
    } catch (const std::exception& error) {
      std::fprintf(stderr, "%s; the debug API is off\n", error.what());
      current_state = make_state(DebugApiConfig());
    }
  }
  return current_state;
}

std::uint64_t ignored_debug_tokens() noexcept { return tokens_ignored.value(); }

void install_debug_verifier() noexcept { set_debug_verifier(&verify); }

} // namespace detail
} // namespace telegen
