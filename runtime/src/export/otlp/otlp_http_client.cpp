#include "export/otlp/otlp_http_client.hpp"

#include "context/random.hpp"
#include "core/text.hpp"
#include "export/otlp/gzip.hpp"
#include "export/otlp/no_proxy.hpp"
#include "export/otlp/otlp_partial_success.hpp"
#include "telegen/propagation.hpp"
#include "telegen/version.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <optional>
#include <vector>

namespace telegen::detail {
namespace {

using Clock = std::chrono::steady_clock;

// Backoff between attempts when the receiver gives no Retry-After.
constexpr std::chrono::milliseconds initial_backoff{1000};
constexpr std::chrono::milliseconds max_backoff{5000};
// The OTLP specification's recommended bound on a response body.
constexpr std::size_t max_response_bytes = 4 * 1024 * 1024;

constexpr long upload_buffer_bytes = 1024 * 1024;
// Bounds on a response's status line and headers, and on one chunk-size or
// trailer line.
constexpr std::size_t max_head_bytes = 64 * 1024;
// How often a wait on the socket looks at cancel().
constexpr std::chrono::milliseconds cancel_check{50};
// How long a failed send waits for an answer the receiver sent before it
// closed the connection.
constexpr std::chrono::milliseconds early_answer_wait{1000};

constexpr const char* user_agent = "telegen/" TELEGEN_VERSION_STRING;

} // namespace

struct OtlpHttpClient::Response {
  std::string body;
  std::chrono::milliseconds retry_after{-1}; // -1: no Retry-After header
  long status = 0;                           // read by the client itself
};

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (body->size() + bytes > max_response_bytes)
    return 0; // aborts the transfer: the response is not trusted
  body->append(data, bytes);
  return bytes;
}

// Retry-After as delay-seconds or an HTTP date; -1 ms when absent or bad.
std::chrono::milliseconds retry_after_of(std::string_view line) {
  constexpr std::string_view name = "retry-after:";
  if (line.size() <= name.size())
    return std::chrono::milliseconds(-1);
  for (std::size_t i = 0; i < name.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))) != name[i])
      return std::chrono::milliseconds(-1);
  std::string value(line.substr(name.size()));
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  const std::size_t start = value.find_first_not_of(' ');
  value = start == std::string::npos ? "" : value.substr(start);
  char* end = nullptr;
  const long seconds = std::strtol(value.c_str(), &end, 10);
  if (!value.empty() && *end == '\0' && seconds >= 0)
    return std::chrono::seconds(seconds);
  if (const time_t when = curl_getdate(value.c_str(), nullptr); when >= 0) {
    const time_t now = std::time(nullptr);
    return std::chrono::seconds(when > now ? when - now : 0);
  }
  return std::chrono::milliseconds(-1);
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load(std::memory_order_relaxed) ? 1 : 0;
}

// Whether a comma-separated header value lists `token`.
bool lists(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    if (iequals(trim_ows(value.substr(0, comma)), token))
      return true;
    if (comma == std::string_view::npos)
      break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

bool set_in_environment(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

// Whether libcurl would send a request to `host` through a proxy that the
// environment names (CONNECT_ONLY would connect around it): one is named
// for the scheme, and no_proxy (else NO_PROXY) does not exempt the host.
bool proxy_in_environment(bool https, std::string_view host) {
  const bool named = set_in_environment(https ? "https_proxy" : "http_proxy") ||
                     (https && set_in_environment("HTTPS_PROXY")) ||
                     set_in_environment("all_proxy") || set_in_environment("ALL_PROXY");
  if (!named)
    return false;
  const char* exempt = std::getenv("no_proxy");
  if (exempt == nullptr)
    exempt = std::getenv("NO_PROXY");
  return exempt == nullptr || !no_proxy_exempts(host, exempt);
}

std::string url_part(CURLU* url, CURLUPart part) {
  char* value = nullptr;
  std::string out;
  if (curl_url_get(url, part, &value, 0) == CURLUE_OK && value != nullptr)
    out = value;
  curl_free(value);
  return out;
}

std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 80))
    out += std::isprint(static_cast<unsigned char>(c)) != 0 ? c : '?';
  return out;
}

} // namespace

std::size_t OtlpHttpClient::on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  if (const auto wait = retry_after_of(std::string_view(data, size * count)); wait.count() >= 0)
    r->retry_after = wait;
  return size * count;
}

OtlpHttpClient::OtlpHttpClient(const OtlpConfig& config, const OtlpSignal& signal)
    : endpoint_(config.endpoint), protocol_(config.protocol), timeout_(config.timeout),
      gzip_(config.gzip), certificate_(config.certificate), client_key_(config.client_key),
      client_certificate_(config.client_certificate), signal_(signal) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  const char* content_type = protocol_ == OtlpProtocol::http_protobuf
                                 ? "Content-Type: application/x-protobuf"
                                 : "Content-Type: application/json";

  // The request's head, written by hand when the endpoint allows it.
  if (CURLU* url = curl_url(); url != nullptr) {
    if (curl_url_set(url, CURLUPART_URL, endpoint_.c_str(), 0) == CURLUE_OK) {
      const std::string scheme = url_part(url, CURLUPART_SCHEME);
      const bool https = scheme == "https";
      const bool credentials =
          !url_part(url, CURLUPART_USER).empty() || !url_part(url, CURLUPART_PASSWORD).empty();
      std::string host = url_part(url, CURLUPART_HOST);
      direct_ = (https || scheme == "http") && !credentials && !proxy_in_environment(https, host);
      tls_ = https;
      const std::string port = url_part(url, CURLUPART_PORT);
      if (!port.empty() && port != (https ? "443" : "80"))
        host += ":" + port;
      std::string target = url_part(url, CURLUPART_PATH);
      if (target.empty())
        target = "/";
      if (const std::string query = url_part(url, CURLUPART_QUERY); !query.empty())
        target += "?" + query;
      // libcurl's own Host and User-Agent give way to the user's headers of
      // those names, as with CURLOPT_HTTPHEADER.
      std::string agent = std::string("User-Agent: ") + user_agent;
      std::string user;
      for (const auto& [key, value] : config.headers) {
        if (iequals(key, "host"))
          host.clear();
        else if (iequals(key, "user-agent"))
          agent.clear();
        else if (iequals(key, "content-length") || iequals(key, "transfer-encoding") ||
                 iequals(key, "connection") || iequals(key, "expect"))
          continue; // the client frames the request itself
        user += key + ": " + value + "\r\n";
      }
      head_ = "POST " + target + " HTTP/1.1\r\n";
      if (!host.empty())
        head_ += "Host: " + host + "\r\n";
      if (!agent.empty())
        head_ += agent + "\r\n";
      head_ += "Accept: */*\r\n";
      head_ += std::string(content_type) + "\r\n";
      if (gzip_)
        head_ += "Content-Encoding: gzip\r\n";
      head_ += user + "Content-Length: ";
    }
    curl_url_cleanup(url);
  }

  headers_ = curl_slist_append(headers_, content_type);
  if (gzip_)
    headers_ = curl_slist_append(headers_, "Content-Encoding: gzip");
  // libcurl would otherwise ask for 100-continue before a large body.
  headers_ = curl_slist_append(headers_, "Expect:");
  for (const auto& [key, value] : config.headers)
    headers_ = curl_slist_append(headers_, (key + ": " + value).c_str());
  curl_ = curl_easy_init();
  set_options();
}

// What every request shares, set once per handle; attempt() sets the time
// left (and, through curl_easy_perform, the body and where the response
// goes).
void OtlpHttpClient::set_options() {
  curl_easy_setopt(curl_, CURLOPT_URL, endpoint_.c_str());
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, &cancelled_);
  if (!certificate_.empty())
    curl_easy_setopt(curl_, CURLOPT_CAINFO, certificate_.c_str());
  if (!client_certificate_.empty())
    curl_easy_setopt(curl_, CURLOPT_SSLCERT, client_certificate_.c_str());
  if (!client_key_.empty())
    curl_easy_setopt(curl_, CURLOPT_SSLKEY, client_key_.c_str());
  if (direct_) {
    // libcurl connects (and does TLS); the client speaks HTTP/1.1 over it,
    // so ALPN must not settle on HTTP/2.
    curl_easy_setopt(curl_, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
    // No proxy: none is named for the endpoint, or no_proxy exempts it.
    curl_easy_setopt(curl_, CURLOPT_PROXY, "");
    return;
  }
  curl_easy_setopt(curl_, CURLOPT_POST, 1L);
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
  // Large requests go out in fewer, larger writes.
  curl_easy_setopt(curl_, CURLOPT_UPLOAD_BUFFERSIZE, upload_buffer_bytes);
  curl_easy_setopt(curl_, CURLOPT_USERAGENT, user_agent);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
}

OtlpHttpClient::~OtlpHttpClient() {
  curl_slist_free_all(headers_);
  curl_easy_cleanup(curl_);
}

bool OtlpHttpClient::send(std::string_view body, std::size_t items,
                          std::chrono::milliseconds timeout) {
  if (gzip_ && !gzip(body, compressed_))
    return report_failure(items, "gzip compression failed");
  const std::string_view payload = gzip_ ? std::string_view(compressed_) : body;

  const Clock::time_point deadline = Clock::now() + (timeout.count() > 0 ? timeout : timeout_);
  std::chrono::milliseconds backoff = initial_backoff;
  for (;;) {
    Response response;
    std::string reason;
    switch (attempt(payload, deadline, response, reason)) {
    case Outcome::delivered:
      failing_ = false;
      read_partial_success(response.body);
      return true;
    case Outcome::failed:
      return report_failure(items, reason);
    case Outcome::retry:
      break;
    }
    std::chrono::milliseconds wait = response.retry_after;
    if (wait.count() < 0) {
      // Exponential, with jitter over [backoff/2, backoff].
      const auto jitter = static_cast<long long>(next_random() % (backoff.count() / 2 + 1));
      wait = std::chrono::milliseconds(backoff.count() / 2 + jitter);
      backoff = std::min(max_backoff, backoff * 2);
    }
    if (Clock::now() + wait >= deadline)
      return report_failure(items, reason + "; no time left to retry");
    if (!sleep_unless_cancelled(wait))
      return report_failure(items, "cancelled at shutdown");
  }
}

void OtlpHttpClient::cancel() noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_.store(true, std::memory_order_relaxed);
  wake_.notify_all();
}

OtlpHttpClient::Outcome OtlpHttpClient::attempt(std::string_view payload,
                                                Clock::time_point deadline, Response& response,
                                                std::string& reason) {
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (remaining.count() <= 0) {
    reason = "timed out";
    return Outcome::failed;
  }
  if (cancelled_.load(std::memory_order_relaxed)) {
    reason = "cancelled at shutdown";
    return Outcome::failed;
  }
  return direct_ ? attempt_direct(payload, deadline, response, reason)
                 : attempt_perform(payload, static_cast<long>(remaining.count()), response, reason);
}

namespace {

// Whether a failed curl_easy_perform is worth another attempt.
bool transient(CURLcode code) {
  switch (code) {
  case CURLE_COULDNT_CONNECT:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_SEND_ERROR:
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE:
    return true;
  default:
    return false; // timed out, cancelled, TLS, or not transient
  }
}

} // namespace

OtlpHttpClient::Outcome OtlpHttpClient::outcome_of_status(long status) {
  if (status >= 200 && status < 300)
    return Outcome::delivered;
  const bool retryable = status == 429 || status == 502 || status == 503 || status == 504;
  return retryable ? Outcome::retry : Outcome::failed;
}

OtlpHttpClient::Outcome OtlpHttpClient::attempt_perform(std::string_view payload, long timeout_ms,
                                                        Response& response, std::string& reason) {
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, payload.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &response);

  const CURLcode code = curl_easy_perform(curl_);
  if (code != CURLE_OK) {
    reason = curl_easy_strerror(code);
    return transient(code) ? Outcome::retry : Outcome::failed;
  }
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  const Outcome outcome = outcome_of_status(status);
  if (outcome != Outcome::delivered)
    reason = "HTTP " + std::to_string(status) + " " + response.body.substr(0, 200);
  return outcome;
}

OtlpHttpClient::Outcome OtlpHttpClient::attempt_direct(std::string_view payload,
                                                       Clock::time_point deadline,
                                                       Response& response, std::string& reason) {
  for (bool first = true;; first = false) {
    const bool reused = socket_ != CURL_SOCKET_BAD;
    if (!reused) {
      const auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (remaining.count() <= 0) {
        reason = curl_easy_strerror(CURLE_OPERATION_TIMEDOUT);
        return Outcome::failed;
      }
      curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
      const CURLcode code = curl_easy_perform(curl_); // connects, and no more
      if (code == CURLE_OK)
        curl_easy_getinfo(curl_, CURLINFO_ACTIVESOCKET, &socket_);
      if (code != CURLE_OK || socket_ == CURL_SOCKET_BAD) {
        reason = code != CURLE_OK ? curl_easy_strerror(code) : "no socket after connecting";
        disconnect();
        return transient(code) ? Outcome::retry : Outcome::failed;
      }
    }
    response = Response{};
    switch (exchange(payload, deadline, response, reason)) {
    case Io::ok:
      break;
    case Io::closed_before_response:
      disconnect();
      // A kept connection the receiver closed while it was idle: once more
      // on a fresh one.
      if (reused && first)
        continue;
      return Outcome::retry;
    case Io::error:
      disconnect();
      return Outcome::retry;
    case Io::timed_out:
      disconnect();
      reason = curl_easy_strerror(CURLE_OPERATION_TIMEDOUT);
      return Outcome::failed;
    case Io::cancelled:
      disconnect();
      reason = "cancelled at shutdown";
      return Outcome::failed;
    case Io::bad_response:
      disconnect();
      return Outcome::failed;
    }
    const Outcome outcome = outcome_of_status(response.status);
    if (outcome != Outcome::delivered)
      reason = "HTTP " + std::to_string(response.status) + " " + response.body.substr(0, 200);
    return outcome;
  }
}

void OtlpHttpClient::disconnect() {
  // A CONNECT_ONLY connection is never reused by a later transfer; a fresh
  // handle closes it now rather than leaving it in libcurl's cache.
  curl_easy_cleanup(curl_);
  curl_ = curl_easy_init();
  set_options();
  socket_ = CURL_SOCKET_BAD;
  in_.clear();
  in_at_ = 0;
}

OtlpHttpClient::Io OtlpHttpClient::exchange(std::string_view payload, Clock::time_point deadline,
                                            Response& response, std::string& reason) {
  head_buffer_ = head_;
  char length[24];
  const auto [end, ec] = std::to_chars(length, length + sizeof length, payload.size());
  head_buffer_.append(length, end);
  head_buffer_ += "\r\n\r\n";
  bool head_sent = false;
  if (const Io io = send_request(head_buffer_, payload, deadline, reason, head_sent);
      io != Io::ok) {
    if (io != Io::closed_before_response || !head_sent)
      return io;
    // The receiver may have answered before it took the whole body (413,
    // say) and closed the connection: that answer is the outcome.
    const std::string send_reason = reason;
    const Clock::time_point soon = std::min(deadline, Clock::now() + early_answer_wait);
    if (read_response(soon, response, reason) == Io::ok) {
      disconnect();
      return Io::ok;
    }
    response = Response{};
    reason = send_reason;
    return Io::closed_before_response;
  }
  return read_response(deadline, response, reason);
}

OtlpHttpClient::Io OtlpHttpClient::wait_for(short events, Clock::time_point deadline) {
  for (;;) {
    if (cancelled_.load(std::memory_order_relaxed))
      return Io::cancelled;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0)
      return Io::timed_out;
    pollfd fd{static_cast<int>(socket_), events, 0};
    const int ready = poll(&fd, 1, static_cast<int>(std::min(left, cancel_check).count()) + 1);
    if (ready > 0)
      return Io::ok; // readable, writable, or an error the next call reports
    if (ready < 0 && errno != EINTR)
      return Io::error;
  }
}

OtlpHttpClient::Io OtlpHttpClient::send_request(std::string_view head, std::string_view body,
                                                Clock::time_point deadline, std::string& reason,
                                                bool& head_sent) {
  if (tls_) {
    if (const Io io = send_all(head.data(), head.size(), deadline, reason); io != Io::ok)
      return io;
    head_sent = true;
    return send_all(body.data(), body.size(), deadline, reason);
  }
  // Plain TCP: head and body in one sendmsg, straight on libcurl's socket
  // (a CONNECT_ONLY connection has no state of libcurl's to keep), so that
  // the head does not go out as a packet of its own.
  iovec parts[2] = {{const_cast<char*>(head.data()), head.size()},
                    {const_cast<char*>(body.data()), body.size()}};
  iovec* part = parts;
  std::size_t left = 2;
  while (left > 0) {
    msghdr message{};
    message.msg_iov = part;
    message.msg_iovlen = left;
    const ssize_t sent = sendmsg(static_cast<int>(socket_), &message, MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (const Io io = wait_for(POLLOUT, deadline); io != Io::ok) {
          if (io == Io::error)
            reason = std::string("poll: ") + std::strerror(errno);
          return io;
        }
        continue;
      }
      reason = std::string("send: ") + std::strerror(errno);
      // Nothing of a response is read before the request is written.
      return Io::closed_before_response;
    }
    auto n = static_cast<std::size_t>(sent);
    for (; left > 0 && n >= part->iov_len; ++part, --left) {
      n -= part->iov_len;
      head_sent |= part == parts;
    }
    if (left > 0) {
      part->iov_base = static_cast<char*>(part->iov_base) + n;
      part->iov_len -= n;
    }
  }
  return Io::ok;
}

OtlpHttpClient::Io OtlpHttpClient::send_all(const char* data, std::size_t size,
                                            Clock::time_point deadline, std::string& reason) {
  // A second "again" in a row came although the socket was writable: TLS
  // needs the peer's data before it can write (a renegotiation). Then each
  // further try waits a millisecond or two instead of spinning until the
  // deadline.
  bool again_in_a_row = false;
  while (size > 0) {
    std::size_t sent = 0;
    const CURLcode code = curl_easy_send(curl_, data, size, &sent);
    if (code == CURLE_OK) {
      data += sent;
      size -= sent;
      again_in_a_row = false;
    } else if (code == CURLE_AGAIN) {
      Io io = Io::ok;
      if (!again_in_a_row) {
        io = wait_for(POLLOUT, deadline);
      } else {
        const Clock::time_point pause =
            std::min(deadline, Clock::now() + std::chrono::milliseconds(2));
        io = wait_for(0, pause);
        if (io == Io::timed_out && pause < deadline)
          io = Io::ok;
      }
      again_in_a_row = true;
      if (io != Io::ok) {
        if (io == Io::error)
          reason = std::string("poll: ") + std::strerror(errno);
        return io;
      }
    } else {
      reason = curl_easy_strerror(code);
      // Nothing of a response is read before the request is written.
      return Io::closed_before_response;
    }
  }
  return Io::ok;
}

OtlpHttpClient::Io OtlpHttpClient::receive(Clock::time_point deadline, bool& eof,
                                           std::string& reason) {
  if (in_at_ > 0 && in_at_ == in_.size()) {
    in_.clear();
    in_at_ = 0;
  }
  // Read into a buffer of its own, not into in_ grown by 16 KiB that
  // std::string would zero first on every read.
  char buffer[16 * 1024];
  for (;;) {
    std::size_t got = 0;
    const CURLcode code = curl_easy_recv(curl_, buffer, sizeof buffer, &got);
    if (code == CURLE_OK) {
      in_.append(buffer, got);
      eof = got == 0;
      return Io::ok;
    }
    if (code != CURLE_AGAIN) {
      reason = curl_easy_strerror(code);
      return Io::error;
    }
    if (const Io io = wait_for(POLLIN, deadline); io != Io::ok) {
      if (io == Io::error)
        reason = std::string("poll: ") + std::strerror(errno);
      return io;
    }
  }
}

namespace {

// One line of the response's head or of its chunked framing, ended by CRLF
// (or a bare LF), without the ending; nullopt when in_ holds no whole line.
std::optional<std::string_view> line_in(const std::string& in, std::size_t& at) {
  const std::size_t lf = in.find('\n', at);
  if (lf == std::string::npos)
    return std::nullopt;
  std::string_view line(in.data() + at, lf - at);
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  at = lf + 1;
  return line;
}

} // namespace

OtlpHttpClient::Io OtlpHttpClient::read_response(Clock::time_point deadline, Response& response,
                                                 std::string& reason) {
  bool eof = false;
  bool received = in_at_ != in_.size(); // anything of this response yet
  // Reads more, or says why it cannot.
  const auto more = [&](const char* what) -> Io {
    if (eof) {
      if (!received) {
        reason = "the receiver closed the connection without a response";
        return Io::closed_before_response;
      }
      reason = std::string("the receiver closed the connection in the middle of ") + what;
      return Io::error;
    }
    std::string error;
    const std::size_t had = in_.size() - in_at_;
    const Io io = receive(deadline, eof, error);
    if (io == Io::error) {
      reason = error;
      return received ? Io::error : Io::closed_before_response;
    }
    if (in_.size() - in_at_ > had)
      received = true;
    if (eof && !received) {
      reason = "the receiver closed the connection without a response";
      return Io::closed_before_response;
    }
    return io;
  };
  const auto bad = [&](const std::string& what) {
    reason = "malformed HTTP response from the receiver: " + what;
    return Io::bad_response;
  };

  // The head: a status line and header lines up to an empty line. 1xx
  // answers before the final one are read past.
  long status = 0;
  bool close = false;
  bool chunked = false;
  long long content_length = -1;
  for (;;) {
    std::size_t at = in_at_;
    std::optional<std::string_view> status_line;
    std::vector<std::string_view> lines;
    bool complete = false;
    while (const auto line = line_in(in_, at)) {
      if (!status_line) {
        status_line = *line;
        continue;
      }
      if (line->empty()) {
        complete = true;
        break;
      }
      lines.push_back(*line);
    }
    if (!complete) {
      if (in_.size() - in_at_ > max_head_bytes)
        return bad("a head of over 64 KiB");
      constexpr std::string_view version = "HTTP/1.";
      const std::string_view begun(in_.data() + in_at_,
                                   std::min(in_.size() - in_at_, version.size()));
      if (version.substr(0, begun.size()) != begun)
        return bad("status line \"" + printable(std::string_view(in_).substr(in_at_)) + "\"");
      if (const Io io = more("the response's head"); io != Io::ok)
        return io;
      continue;
    }
    // "HTTP/1.x 200 OK"
    const std::string_view sl = *status_line;
    if (sl.size() < 12 || sl.substr(0, 7) != "HTTP/1." || (sl[7] != '0' && sl[7] != '1') ||
        sl[8] != ' ' || std::isdigit(static_cast<unsigned char>(sl[9])) == 0 ||
        std::isdigit(static_cast<unsigned char>(sl[10])) == 0 ||
        std::isdigit(static_cast<unsigned char>(sl[11])) == 0 || (sl.size() > 12 && sl[12] != ' '))
      return bad("status line \"" + printable(sl) + "\"");
    const bool http10 = sl[7] == '0';
    status = (sl[9] - '0') * 100 + (sl[10] - '0') * 10 + (sl[11] - '0');
    if (status < 100)
      return bad("status line \"" + printable(sl) + "\"");
    close = http10;
    chunked = false;
    content_length = -1;
    for (const std::string_view line : lines) {
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos || colon == 0 || line[0] == ' ' || line[0] == '\t' ||
          line[colon - 1] == ' ' || line[colon - 1] == '\t')
        return bad("header line \"" + printable(line) + "\"");
      const std::string_view name = line.substr(0, colon);
      const std::string_view value = trim_ows(line.substr(colon + 1));
      if (iequals(name, "content-length")) {
        long long n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n < 0 ||
            (content_length >= 0 && n != content_length))
          return bad("Content-Length \"" + printable(value) + "\"");
        content_length = n;
      } else if (iequals(name, "transfer-encoding")) {
        const std::size_t comma = value.rfind(',');
        const std::string_view last =
            trim_ows(comma == std::string_view::npos ? value : value.substr(comma + 1));
        if (!iequals(last, "chunked"))
          return bad("Transfer-Encoding \"" + printable(value) + "\"");
        chunked = true;
      } else if (iequals(name, "connection")) {
        if (lists(value, "close"))
          close = true;
        else if (http10 && lists(value, "keep-alive"))
          close = false;
      } else if (iequals(name, "retry-after")) {
        if (const auto wait = retry_after_of(line); wait.count() >= 0)
          response.retry_after = wait;
      }
    }
    in_at_ = at;
    if (status >= 200)
      break;
    if (status == 101)
      return bad("101 Switching Protocols, not asked for");
    response.retry_after = std::chrono::milliseconds(-1); // 1xx: the final answer follows
  }
  response.status = status;

  // The body: chunked, Content-Length bytes, or up to the connection's end.
  std::string& body = response.body;
  if (status == 204 || status == 304) {
    // none
  } else if (chunked) {
    for (;;) {
      std::size_t at = in_at_;
      const auto size_line = line_in(in_, at);
      if (!size_line) {
        if (in_.size() - in_at_ > max_head_bytes)
          return bad("a chunk-size line of over 64 KiB");
        if (const Io io = more("a chunked body"); io != Io::ok)
          return io;
        continue;
      }
      const std::string_view digits = trim_ows(size_line->substr(0, size_line->find(';')));
      std::size_t size = 0;
      const auto [end, ec] =
          std::from_chars(digits.data(), digits.data() + digits.size(), size, 16);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
        return bad("chunk size \"" + printable(*size_line) + "\"");
      if (size > max_response_bytes || body.size() + size > max_response_bytes) {
        reason = "the receiver's response is over 4 MiB";
        return Io::bad_response;
      }
      if (size == 0) {
        // Trailer lines up to an empty one.
        for (;;) {
          const auto trailer = line_in(in_, at);
          if (!trailer) {
            if (in_.size() - in_at_ > max_head_bytes)
              return bad("trailers of over 64 KiB");
            if (const Io io = more("a chunked body's trailers"); io != Io::ok)
              return io;
            at = in_at_;
            line_in(in_, at); // the last chunk's "0"
            continue;
          }
          if (trailer->empty())
            break;
        }
        in_at_ = at;
        break;
      }
      // The chunk and its CRLF.
      while (in_.size() - at < size + 2) {
        if (const Io io = more("a chunked body"); io != Io::ok)
          return io;
      }
      if (in_[at + size] != '\r' || in_[at + size + 1] != '\n')
        return bad("a chunk not ended by CRLF");
      body.append(in_, at, size);
      in_at_ = at + size + 2;
    }
  } else if (content_length >= 0) {
    if (static_cast<unsigned long long>(content_length) > max_response_bytes) {
      reason = "the receiver's response is over 4 MiB";
      return Io::bad_response;
    }
    const auto length = static_cast<std::size_t>(content_length);
    while (in_.size() - in_at_ < length) {
      if (const Io io = more("the response's body"); io != Io::ok)
        return io;
    }
    body.assign(in_, in_at_, length);
    in_at_ += length;
  } else {
    // No length: the body ends with the connection.
    close = true;
    while (!eof) {
      if (in_.size() - in_at_ > max_response_bytes) {
        reason = "the receiver's response is over 4 MiB";
        return Io::bad_response;
      }
      if (const Io io = more("the response's body"); io != Io::ok)
        return io;
    }
    body.assign(in_, in_at_, in_.size() - in_at_);
    in_at_ = in_.size();
  }
  if (close || eof || in_at_ != in_.size())
    disconnect(); // closed, or more came than was asked for
  else {
    in_.clear();
    in_at_ = 0;
  }
  return Io::ok;
}

bool OtlpHttpClient::sleep_unless_cancelled(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !wake_.wait_for(lock, wait, [&] { return cancelled_.load(std::memory_order_relaxed); });
}

void OtlpHttpClient::read_partial_success(const std::string& body) {
  if (body.empty())
    return;
  const std::optional<PartialSuccess> partial =
      protocol_ == OtlpProtocol::http_protobuf
          ? partial_success_from_protobuf(body)
          : partial_success_from_json(body, signal_.rejected_json_key);
  if (!partial || (partial->rejected == 0 && partial->error_message.empty()))
    return;
  if (partial->rejected > 0)
    signal_.rejected.add(static_cast<std::uint64_t>(partial->rejected));
  if (partial_reported_)
    return;
  partial_reported_ = true;
  std::fprintf(stderr,
               "telegen: the OTLP receiver at %s rejected %lld of the %.*s it was sent: %s "
               "(counted in %.*s; later partial successes are only counted)\n",
               endpoint_.c_str(), static_cast<long long>(partial->rejected),
               static_cast<int>(signal_.items.size()), signal_.items.data(),
               partial->error_message.empty() ? "no reason given"
                                              : partial->error_message.substr(0, 300).c_str(),
               static_cast<int>(signal_.rejected.name().size()), signal_.rejected.name().data());
}

bool OtlpHttpClient::report_failure(std::size_t items, const std::string& reason) {
  if (!failing_)
    std::fprintf(
        stderr,
        "telegen: OTLP export to %s failed (%s); %zu %.*s not delivered, counted in %.*s; later "
        "failures are not reported until an export succeeds\n",
        endpoint_.c_str(), reason.c_str(), items, static_cast<int>(signal_.items.size()),
        signal_.items.data(), static_cast<int>(signal_.failed.name().size()),
        signal_.failed.name().data());
  failing_ = true;
  return false;
}

} // namespace telegen::detail
