// telegen::http::Server: httplib's request processing over a socket stream
// that keeps each request's header block as it arrived.
#include "telegen/httplib.hpp"

#include "http/request_head.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace telegen {
namespace detail {
namespace {

thread_local const std::string* request_head = nullptr;

// The longest header block kept; httplib refuses longer request lines and
// header lines itself, this only bounds what a stream holds.
constexpr std::size_t max_head_bytes = 64 * 1024;

int milliseconds(time_t seconds, time_t microseconds) {
  return static_cast<int>(seconds * 1000 + microseconds / 1000);
}

bool wait_for(socket_t sock, short events, int timeout_ms) {
  pollfd fd{sock, events, 0};
  int ready;
  do
    ready = ::poll(&fd, 1, timeout_ms);
  while (ready < 0 && errno == EINTR);
  return ready > 0 && (fd.revents & (events | POLLHUP)) != 0;
}

void address_of(const sockaddr_storage& address, socklen_t size, std::string& ip, int& port) {
  char host[NI_MAXHOST];
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), size, host, sizeof host, nullptr,
                    0, NI_NUMERICHOST) == 0)
    ip = host;
  if (address.ss_family == AF_INET)
    port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  else if (address.ss_family == AF_INET6)
    port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
}

// A buffered socket stream, as httplib's own, that also copies the bytes
// of each request's header block (up to the blank line) as they are read.
class HeadRecordingStream : public httplib::Stream {
public:
  HeadRecordingStream(socket_t sock, int read_timeout_ms, int write_timeout_ms)
      : sock_(sock), read_timeout_ms_(read_timeout_ms), write_timeout_ms_(write_timeout_ms) {}

  void start_request() {
    head_.clear();
    head_complete_ = false;
  }
  const std::string& head() const noexcept { return head_; }
  bool has_buffered_bytes() const noexcept { return begin_ < end_; }

  bool is_readable() const override {
    return has_buffered_bytes() || wait_for(sock_, POLLIN, read_timeout_ms_);
  }
  bool is_writable() const override { return wait_for(sock_, POLLOUT, write_timeout_ms_); }

  ssize_t read(char* ptr, size_t size) override {
    if (!has_buffered_bytes()) {
      if (!wait_for(sock_, POLLIN, read_timeout_ms_))
        return -1;
      ssize_t got;
      do
        got = ::recv(sock_, buffer_, sizeof buffer_, 0);
      while (got < 0 && errno == EINTR);
      if (got <= 0)
        return got;
      begin_ = 0;
      end_ = static_cast<std::size_t>(got);
    }
    const std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    record(ptr, n);
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable())
      return -1;
    ssize_t sent;
    do
      sent = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    return sent;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&address), &size) == 0)
      address_of(address, size, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage address{};
    socklen_t size = sizeof address;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&address), &size) == 0)
      address_of(address, size, ip, port);
  }
  socket_t socket() const override { return sock_; }

private:
  void record(const char* bytes, std::size_t size) {
    for (std::size_t i = 0; i < size && !head_complete_ && head_.size() < max_head_bytes; ++i) {
      head_.push_back(bytes[i]);
      head_complete_ = head_.size() >= 4 && head_.compare(head_.size() - 4, 4, "\r\n\r\n") == 0;
    }
  }

  socket_t sock_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  char buffer_[4096];
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::string head_;
  bool head_complete_ = false;
};

// Sets the thread's current head for one request.
class HeadScope {
public:
  explicit HeadScope(const std::string& head) noexcept { request_head = &head; }
  ~HeadScope() { request_head = nullptr; }
  HeadScope(const HeadScope&) = delete;
  HeadScope& operator=(const HeadScope&) = delete;
};

} // namespace

const std::string* current_request_head() noexcept { return request_head; }

std::vector<std::pair<std::string_view, std::string_view>> raw_header_fields(std::string_view head) {
  std::vector<std::pair<std::string_view, std::string_view>> fields;
  const auto trim = [](std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
      text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
      text.remove_suffix(1);
    return text;
  };
  bool request_line = true;
  while (!head.empty()) {
    const std::size_t end = head.find("\r\n");
    const std::string_view line = head.substr(0, end);
    head = end == std::string_view::npos ? std::string_view() : head.substr(end + 2);
    if (request_line) {
      request_line = false;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0)
      fields.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
  }
  return fields;
}

} // namespace detail

namespace http {

// httplib's own connection loop (keep-alive, its limits and timeouts) over
// the recording stream: one request at a time, each with its head current
// while httplib parses, routes and answers it.
bool Server::process_and_close_socket(socket_t sock) {
  detail::HeadRecordingStream stream(sock, detail::milliseconds(read_timeout_sec_, read_timeout_usec_),
                                     detail::milliseconds(write_timeout_sec_, write_timeout_usec_));
  const auto keep_alive_timeout = std::chrono::seconds(keep_alive_timeout_sec_);
  bool result = false;
  for (std::size_t remaining = keep_alive_max_count_; remaining > 0; --remaining) {
    // Wait for the next request in short steps, so that stop() ends the wait.
    const auto waiting_since = std::chrono::steady_clock::now();
    bool readable = stream.has_buffered_bytes();
    while (!readable && svr_sock_ != INVALID_SOCKET &&
           std::chrono::steady_clock::now() - waiting_since <= keep_alive_timeout)
      readable = detail::wait_for(sock, POLLIN, 10);
    if (!readable || svr_sock_ == INVALID_SOCKET)
      break;
    stream.start_request();
    detail::HeadScope scope(stream.head());
    bool connection_closed = false;
    result = process_request(stream, remaining == 1, connection_closed, nullptr);
    if (!result || connection_closed)
      break;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return result;
}

} // namespace http
} // namespace telegen
