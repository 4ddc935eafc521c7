// The per-process DebugStore.
#include "http/debug_store.hpp"

#include <map>
#include <mutex>

namespace telegen::detail {
namespace {

using Clock = std::chrono::system_clock;

class ProcessStore final : public DebugStore {
public:
  Issue issue(const DebugClaims& claims, Clock::time_point now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    prune(now);
    if (active_.size() >= max_active_debug_tokens)
      return Issue::limit_reached;
    active_.emplace(claims.id, claims.expires_at);
    return Issue::issued;
  }

  bool revoke(const DebugClaims& claims, Clock::time_point now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    prune(now);
    active_.erase(claims.id);
    if (claims.expires_at > now)
      revoked_.emplace(claims.id, claims.expires_at);
    return true;
  }

  std::optional<bool> revoked(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return revoked_.find(id) != revoked_.end();
  }

  std::string where() const override { return "process"; }

private:
  // Tokens past their expiry are neither active nor worth remembering.
  void prune(Clock::time_point now) {
    for (auto* tokens : {&active_, &revoked_})
      for (auto it = tokens->begin(); it != tokens->end();)
        it = it->second <= now ? tokens->erase(it) : std::next(it);
  }

  std::mutex mutex_;
  std::map<std::string, Clock::time_point, std::less<>> active_;
  std::map<std::string, Clock::time_point, std::less<>> revoked_;
};

} // namespace

std::unique_ptr<DebugStore> make_process_debug_store() { return std::make_unique<ProcessStore>(); }

} // namespace telegen::detail
