#include "telegen/http_server.hpp"

#include "http/debug_api.hpp"
#include "http/http_routes.hpp"

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace telegen {
namespace {

// A scrape is one short request; two workers let a slow scraper not block
// a second one (or, later, a health probe).
constexpr std::size_t kWorkerThreads = 2;

// httplib's stop() waits for every connection to end. One request per
// connection, and at most a second of waiting for a client that sends
// nothing (or stalls mid-request), keep stop() within a second; scrapes come
// seconds apart and are a few hundred bytes, so neither costs anything.
constexpr std::size_t kRequestsPerConnection = 1;
constexpr time_t kIdleClientSeconds = 1;

struct Address {
  std::string host;
  int port;
};

Address parse_address(std::string_view address) {
  const auto malformed = [&](const char* reason) {
    return std::invalid_argument("telegen: metrics address '" + std::string(address) + "' " +
                                 reason + "; write HOST:PORT, e.g. 127.0.0.1:9464");
  };
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos)
    throw malformed("has no port");
  std::string_view host = address.substr(0, colon);
  const std::string_view port_text = address.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string_view::npos)
    throw malformed("has an IPv6 host without brackets");
  int port = -1;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535)
    throw malformed("has no valid port (0-65535)");
  return {host.empty() ? "0.0.0.0" : std::string(host), port};
}

} // namespace

class HttpServer::Impl {
public:
  explicit Impl(std::string_view address) {
    const Address where = parse_address(address);
    server_.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    server_.set_keep_alive_max_count(kRequestsPerConnection);
    server_.set_keep_alive_timeout(kIdleClientSeconds);
    server_.set_read_timeout(kIdleClientSeconds);
    // httplib also sets SO_REUSEPORT, which would let a second server bind
    // a port that is in use and silently share its scrapes.
    server_.set_socket_options([](socket_t socket) {
      int yes = 1;
      setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    for (std::size_t i = 0; i < detail::http_route_count; ++i)
      server_.Get(detail::http_routes[i].path, detail::http_routes[i].handle);
    server_.Post(detail::debug_api_path, detail::serve_debug_api);

    errno = 0;
    if (where.port == 0) {
      const int port = server_.bind_to_any_port(where.host);
      port_ = port > 0 ? static_cast<std::uint16_t>(port) : 0;
    } else if (server_.bind_to_port(where.host, where.port)) {
      port_ = static_cast<std::uint16_t>(where.port);
    }
    if (port_ == 0)
      throw std::runtime_error("telegen: cannot listen on " + std::string(address) + ": " +
                               (errno != 0 ? std::strerror(errno) : "unknown host") +
                               "; choose another address or free the port");

    thread_ = std::thread([this] { server_.listen_after_bind(); });
    wait_until_running();
  }

  ~Impl() { stop(); }

  std::uint16_t port() const noexcept { return port_; }

  void stop() noexcept {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    if (!thread_.joinable())
      return;
    server_.stop();
    thread_.join();
  }

private:
  // httplib's stop() does nothing until the accept loop has started, so
  // the constructor returns only once it runs. It starts at once; the bound
  // only guards against a loop that exited on its own.
  void wait_until_running() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!server_.is_running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  httplib::Server server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::mutex stop_mutex_;
};

HttpServer::HttpServer(std::string_view address) : impl_(std::make_unique<Impl>(address)) {}
HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const noexcept { return impl_->port(); }

void HttpServer::stop() noexcept { impl_->stop(); }

} // namespace telegen
