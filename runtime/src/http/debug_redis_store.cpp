// The DebugStore shared through Redis (TELEGEN_DEBUG_REDIS_URL): every
// process of the environment counts the same active tokens and sees the
// same revocations. Keys:
//   telegen:debug:active       sorted set, token id -> expiry (Unix
//                              seconds); expires with its last token
//   telegen:debug:revoked:<id> set on revocation; expires with the token
#include "http/debug_store.hpp"

#include <hiredis/hiredis.h>

#include <charconv>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace telegen::detail {
namespace {

using Clock = std::chrono::system_clock;

constexpr const char* active_key = "telegen:debug:active";
constexpr std::string_view revoked_prefix = "telegen:debug:revoked:";

// Drops the expired, then adds ARGV[3] unless ARGV[4] are active, in one
// step for every process: the limit holds across them.
constexpr const char* issue_script = R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('EXPIREAT', KEYS[1], last[2])
return 1
)lua";

// One connection, redialled after an error; a second's timeout so that a
// stalled server never holds a request for long.
constexpr timeval timeout{1, 0};

long long unix_seconds(Clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class RedisStore final : public DebugStore {
public:
  RedisStore(std::string host, int port, int database)
      : host_(std::move(host)), port_(port), database_(database) {}
  ~RedisStore() override {
    if (context_ != nullptr)
      redisFree(context_);
  }

  Issue issue(const DebugClaims& claims, Clock::time_point now) override {
    const std::string now_text = std::to_string(unix_seconds(now));
    const std::string expiry = std::to_string(unix_seconds(claims.expires_at));
    const std::string limit = std::to_string(max_active_debug_tokens);
    std::lock_guard<std::mutex> lock(mutex_);
    const Reply reply =
        command({"EVAL", issue_script, "1", active_key, now_text, expiry, claims.id, limit});
    if (reply == nullptr || reply->type != REDIS_REPLY_INTEGER)
      return Issue::unavailable;
    return reply->integer == 1 ? Issue::issued : Issue::limit_reached;
  }

  bool revoke(const DebugClaims& claims, Clock::time_point now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const Reply removed = command({"ZREM", active_key, claims.id});
    if (removed == nullptr || claims.expires_at <= now)
      return removed != nullptr;
    const Reply set = command({"SET", std::string(revoked_prefix) + claims.id, "1", "EXAT",
                               std::to_string(unix_seconds(claims.expires_at))});
    return set != nullptr && set->type == REDIS_REPLY_STATUS;
  }

  std::optional<bool> revoked(std::string_view id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    const Reply reply = command({"EXISTS", std::string(revoked_prefix) + std::string(id)});
    if (reply == nullptr || reply->type != REDIS_REPLY_INTEGER)
      return std::nullopt;
    return reply->integer != 0;
  }

  std::string where() const override {
    return "redis://" + host_ + ":" + std::to_string(port_) + "/" + std::to_string(database_);
  }

private:
  // The reply, or null when the server cannot be reached or answers an
  // error (the connection is dropped, and dialled again next time).
  Reply command(std::initializer_list<std::string_view> words) {
    if (!connected())
      return nullptr;
    std::vector<const char*> argv;
    std::vector<std::size_t> sizes;
    for (std::string_view word : words) {
      argv.push_back(word.data());
      sizes.push_back(word.size());
    }
    Reply reply(static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(), sizes.data())));
    if (reply == nullptr || reply->type == REDIS_REPLY_ERROR) {
      redisFree(context_);
      context_ = nullptr;
      return nullptr;
    }
    return reply;
  }

  bool connected() {
    if (context_ != nullptr)
      return true;
    context_ = redisConnectWithTimeout(host_.c_str(), port_, timeout);
    if (context_ == nullptr || context_->err != 0 ||
        redisSetTimeout(context_, timeout) != REDIS_OK) {
      if (context_ != nullptr)
        redisFree(context_);
      context_ = nullptr;
      return false;
    }
    if (database_ != 0) {
      const std::string database = std::to_string(database_);
      const Reply selected = command({"SELECT", database});
      return selected != nullptr;
    }
    return true;
  }

  const std::string host_;
  const int port_;
  const int database_;
  std::mutex mutex_;
  redisContext* context_ = nullptr;
};

int parse_number(std::string_view text, int max, const char* what) {
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0 ||
      value > max)
    throw std::invalid_argument("telegen: TELEGEN_DEBUG_REDIS_URL has no valid " +
                                std::string(what) +
                                "; write redis://HOST:PORT[/DB], e.g. redis://127.0.0.1:6379/0");
  return value;
}

} // namespace

std::unique_ptr<DebugStore> make_redis_debug_store(std::string_view url) {
  constexpr std::string_view scheme = "redis://";
  if (url.substr(0, scheme.size()) != scheme)
    throw std::invalid_argument("telegen: TELEGEN_DEBUG_REDIS_URL is not redis://HOST:PORT[/DB], "
                                "e.g. redis://127.0.0.1:6379/0");
  std::string_view rest = url.substr(scheme.size());
  const std::size_t slash = rest.find('/');
  const int database =
      slash == std::string_view::npos ? 0 : parse_number(rest.substr(slash + 1), 15, "database");
  rest = rest.substr(0, slash);
  const std::size_t colon = rest.rfind(':');
  const int port =
      colon == std::string_view::npos ? 6379 : parse_number(rest.substr(colon + 1), 65535, "port");
  const std::string_view host = rest.substr(0, colon);
  if (host.empty() || host.find('@') != std::string_view::npos)
    throw std::invalid_argument("telegen: TELEGEN_DEBUG_REDIS_URL has no host, or credentials "
                                "telegen does not support; write "
                                "redis://HOST:PORT[/DB]");
  return std::make_unique<RedisStore>(std::string(host), port, database);
}

} // namespace telegen::detail
