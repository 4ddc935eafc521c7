// A cpp-httplib server serving on a free loopback port from its own thread
// for the life of the object: listening once constructed, stopped and
// joined when destroyed.
#pragma once

#include "telegen/httplib.hpp"

#include <chrono>
#include <thread>

namespace telegen::test {

class Serving {
public:
  explicit Serving(httplib::Server& server) : server_(server) {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 5000 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Serving() {
    server_.stop();
    thread_.join();
  }
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

  int port() const noexcept { return port_; }

private:
  httplib::Server& server_;
  std::thread thread_;
  int port_ = 0;
};

} // namespace telegen::test
