// DebugMode's hold on the log threshold, and the record scopes of the
// Telemetry Debug API.
#include "telegen/detail/debug_mode.hpp"

#include "telegen/log.hpp"

#include <atomic>
#include <iterator>

namespace telegen::detail {
namespace {

constexpr std::string_view scope_names[] = {"all", "resilience", "database", "external"};

std::atomic<DebugVerifier> verifier{nullptr};

// The configured level (low byte) and the number of live DebugModes (the
// rest), changed together without a lock (a forked child may call in while
// the parent's other threads held one).
std::atomic<std::uint32_t> level_state{0};
constexpr std::uint32_t one_mode = 0x100;

std::uint8_t threshold_of(std::uint32_t state) noexcept {
  const auto configured = static_cast<std::uint8_t>(state & 0xff);
  const auto debug = static_cast<std::uint8_t>(Level::debug);
  return configured != 0 && state >= one_mode && configured > debug ? debug : configured;
}

// Stores the threshold of `state`, again until no other thread changed the
// state meanwhile: the last store is always the latest state's.
void publish(std::uint32_t state) noexcept {
  for (;;) {
    log_threshold.store(threshold_of(state));
    const std::uint32_t now = level_state.load();
    if (now == state)
      return;
    state = now;
  }
}

} // namespace

std::string_view to_string(DebugScope scope) noexcept {
  return scope_names[static_cast<std::size_t>(scope)];
}

std::optional<DebugScope> parse_debug_scope(std::string_view name) noexcept {
  for (std::size_t i = 0; i < std::size(scope_names); ++i)
    if (scope_names[i] == name)
      return static_cast<DebugScope>(i);
  return std::nullopt;
}

std::optional<DebugScope> debug_scope_of(std::string_view logger) noexcept {
  if (logger == "resilience")
    return DebugScope::resilience;
  if (logger == "http")
    return DebugScope::external;
  if (logger == "database" || logger == "db")
    return DebugScope::database;
  return std::nullopt;
}

DebugMode::DebugMode(std::string token_, std::string id_, DebugScope scope_,
                     std::optional<Frontend> frontend_,
                     std::chrono::system_clock::time_point expires_at_) noexcept
    : token(std::move(token_)), id(std::move(id_)), scope(scope_), frontend(frontend_),
      expires_at(expires_at_) {
  publish(level_state.fetch_add(one_mode) + one_mode);
}

DebugMode::~DebugMode() { publish(level_state.fetch_sub(one_mode) - one_mode); }

bool DebugMode::covers(std::string_view logger) const noexcept {
  // The debug schema's own records exist only in debug mode: every scope
  // has them.
  return !expired() &&
         (scope == DebugScope::all || logger == "debug" || debug_scope_of(logger) == scope);
}

void set_debug_verifier(DebugVerifier verify) noexcept {
  verifier.store(verify, std::memory_order_release);
}

DebugVerifier debug_verifier() noexcept { return verifier.load(std::memory_order_acquire); }

void set_configured_log_level(std::uint8_t level) noexcept {
  std::uint32_t state = level_state.load();
  while (!level_state.compare_exchange_weak(state, (state & ~0xffu) | level)) {
  }
  publish((state & ~0xffu) | level);
}

std::uint8_t configured_log_level() noexcept {
  return static_cast<std::uint8_t>(level_state.load(std::memory_order_relaxed) & 0xff);
}

} // namespace telegen::detail
