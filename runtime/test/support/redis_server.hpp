// A real redis-server for a test, on a free loopback port, without
// persistence; stopped (SIGTERM, reaped) by the destructor.
//
//   test::RedisServer redis;
//   setenv("TELEGEN_DEBUG_REDIS_URL", redis.url().c_str(), 1);
#pragma once

#include <sys/types.h>

#include <string>

namespace telegen::test {

class RedisServer {
public:
  // Throws std::runtime_error when redis-server cannot be started or does
  // not answer PING within 10 seconds.
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const noexcept { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

private:
  void stop() noexcept;

  pid_t pid_ = -1;
  int port_ = 0;
};

} // namespace telegen::test
