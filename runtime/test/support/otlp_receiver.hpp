// An OTLP/HTTP receiver on a free loopback port (cpp-httplib) for the
// exporters' tests: it keeps every request to /v1/traces, /v1/logs and
// /v1/metrics, its body inflated when it came gzipped, and answers as its
// handler says (200 with an empty body unless told otherwise).
#pragma once

#include <httplib.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace telegen::test {

struct Received {
  std::string path;
  std::string content_type;
  std::string content_encoding;
  std::string user_agent;
  std::string api_key;
  std::string body; // inflated
};

inline std::string gunzip(const std::string& data) {
  z_stream stream{};
  inflateInit2(&stream, 15 + 16);
  std::string out(16 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = inflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return result == Z_STREAM_END ? out : "";
}

// Thread-safe.
class OtlpReceiver {
public:
  // Called for the n-th request (1-based, over all paths) to fill in the
  // answer; the request is kept before it runs.
  using Handler = std::function<void(int request_number, httplib::Response&)>;

  explicit OtlpReceiver(Handler handler = [](int, httplib::Response&) {})
      : handler_(std::move(handler)) {
    for (const char* path : {"/v1/traces", "/v1/logs", "/v1/metrics"})
      server_.Post(path, [this](const httplib::Request& req, httplib::Response& res) {
        int number;
        {
          std::lock_guard<std::mutex> lock(mutex_);
          const std::string encoding = req.get_header_value("Content-Encoding");
          // Debian's cpp-httplib inflates gzip request bodies itself;
          // inflate here when it did not.
          const bool deflated = encoding == "gzip" && req.body.rfind("\x1f\x8b", 0) == 0;
          received_.push_back({req.path, req.get_header_value("Content-Type"), encoding,
                               req.get_header_value("User-Agent"), req.get_header_value("api-key"),
                               deflated ? gunzip(req.body) : req.body});
          number = static_cast<int>(received_.size());
        }
        handler_(number, res);
      });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    for (int i = 0; i < 500 && !server_.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~OtlpReceiver() {
    server_.stop();
    thread_.join();
  }
  OtlpReceiver(const OtlpReceiver&) = delete;
  OtlpReceiver& operator=(const OtlpReceiver&) = delete;

  // http://127.0.0.1:<port><path>
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<Received> received() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }
  std::vector<Received> received(const std::string& path) const {
    std::vector<Received> on_path;
    for (Received& r : received())
      if (r.path == path)
        on_path.push_back(std::move(r));
    return on_path;
  }

private:
  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<Received> received_;
};

// A loopback URL nothing listens on: a port bound to find a free one, then
// closed.
inline std::string closed_url(const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + path;
}

} // namespace telegen::test
