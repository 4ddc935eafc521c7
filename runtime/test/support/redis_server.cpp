#include "support/redis_server.hpp"

#include <hiredis/hiredis.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace telegen::test {
namespace {

// A port the kernel just handed out on 127.0.0.1 (free unless another
// process takes it in the meantime).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
    throw std::runtime_error("test: no free loopback port");
  close(fd);
  return ntohs(address.sin_port);
}

bool answers_ping(int port) {
  redisContext* context = redisConnect("127.0.0.1", port);
  bool pong = false;
  if (context != nullptr && context->err == 0) {
    auto* reply = static_cast<redisReply*>(redisCommand(context, "PING"));
    pong = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
    if (reply != nullptr)
      freeReplyObject(reply);
  }
  if (context != nullptr)
    redisFree(context);
  return pong;
}

} // namespace

RedisServer::RedisServer() : port_(free_port()) {
  const std::string port = std::to_string(port_);
  const char* argv[] = {
      "redis-server", "--port", port.c_str(), "--bind",  "127.0.0.1", "--save", "",
      "--appendonly", "no",     "--loglevel", "warning", "--logfile", "",       nullptr};
  if (posix_spawnp(&pid_, "redis-server", nullptr, nullptr, const_cast<char* const*>(argv),
                   environ) != 0)
    throw std::runtime_error("test: cannot start redis-server (install redis-server: "
                             "scripts/bootstrap.sh does)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!answers_ping(port_)) {
    if (std::chrono::steady_clock::now() > deadline) {
      stop();
      throw std::runtime_error("test: redis-server did not answer on port " + port);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

RedisServer::~RedisServer() { stop(); }

void RedisServer::stop() noexcept {
  if (pid_ <= 0)
    return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

} // namespace telegen::test
