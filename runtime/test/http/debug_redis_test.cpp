// The Debug API's token store shared through a real redis-server: two
// stores (as two processes have) count the same active tokens and see the
// same revocations, whose keys expire with the token; an unreachable
// server refuses to issue and makes tokens be ignored, never honoured.
#include "http/debug_store.hpp"

#include "support/redis_server.hpp"

#include <hiredis/hiredis.h>

#include <gtest/gtest.h>

namespace telegen::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

DebugClaims claims(Clock::time_point expires_at) {
  return {new_debug_id(), DebugScope::all, std::nullopt, expires_at};
}

// TTL of `key` in seconds as redis-server reports it (-2: no such key).
long long ttl(int port, const std::string& key) {
  redisContext* context = redisConnect("127.0.0.1", port);
  auto* reply = static_cast<redisReply*>(redisCommand(context, "TTL %s", key.c_str()));
  const long long seconds = reply != nullptr ? reply->integer : -3;
  freeReplyObject(reply);
  redisFree(context);
  return seconds;
}

TEST(DebugRedisStoreTest, TwoProcessesShareTheLimitAndRevocations) {
  test::RedisServer redis;
  const auto a = make_redis_debug_store(redis.url());
  const auto b = make_redis_debug_store(redis.url());
  const Clock::time_point now = Clock::now();
  std::vector<DebugClaims> issued;
  for (int i = 0; i < 5; ++i) {
    issued.push_back(claims(now + 10min));
    EXPECT_EQ((i % 2 == 0 ? a : b)->issue(issued.back(), now), DebugStore::Issue::issued);
  }
  EXPECT_EQ(b->issue(claims(now + 10min), now), DebugStore::Issue::limit_reached);
  EXPECT_EQ(a->issue(claims(now + 10min), now), DebugStore::Issue::limit_reached);

  EXPECT_FALSE(b->revoked(issued[1].id).value());
  EXPECT_TRUE(a->revoke(issued[1], now));
  EXPECT_TRUE(b->revoked(issued[1].id).value());
  EXPECT_FALSE(b->revoked(issued[0].id).value());
  // The revocation freed a place, and its key expires with the token.
  EXPECT_EQ(b->issue(claims(now + 10min), now), DebugStore::Issue::issued);
  const long long seconds = ttl(redis.port(), "telegen:debug:revoked:" + issued[1].id);
  EXPECT_GT(seconds, 500);
  EXPECT_LE(seconds, 600);
  EXPECT_GT(ttl(redis.port(), "telegen:debug:active"), 500);
}

TEST(DebugRedisStoreTest, ExpiredTokensLeaveTheLimit) {
  test::RedisServer redis;
  const auto store = make_redis_debug_store(redis.url());
  const Clock::time_point now = Clock::now();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(store->issue(claims(now + 1min), now), DebugStore::Issue::issued);
  EXPECT_EQ(store->issue(claims(now + 1h), now), DebugStore::Issue::limit_reached);
  EXPECT_EQ(store->issue(claims(now + 1h), now + 1min), DebugStore::Issue::issued);
}

TEST(DebugRedisStoreTest, AnUnreachableServerIssuesNothingAndHonoursNothing) {
  int port = 0;
  {
    test::RedisServer stopped;
    port = stopped.port();
  }
  const auto store = make_redis_debug_store("redis://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(store->issue(claims(Clock::now() + 1min), Clock::now()),
            DebugStore::Issue::unavailable);
  EXPECT_EQ(store->revoked(new_debug_id()), std::nullopt);
  EXPECT_FALSE(store->revoke(claims(Clock::now() + 1min), Clock::now()));
}

} // namespace
} // namespace telegen::detail
