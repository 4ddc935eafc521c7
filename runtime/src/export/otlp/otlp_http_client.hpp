// One signal's OTLP/HTTP client: POSTs an encoded export request the way
// the OTLP specification says an exporter must. Retries 429, 502, 503, 504
// and connection failures with exponential backoff and jitter, or after
// what Retry-After says, until the timeout; reads a partial success and
// counts what the receiver rejected; TLS, headers, gzip and a User-Agent
// naming telegen and its version.
//
// The request goes out without libcurl's copy of the body: libcurl resolves,
// connects and does TLS (CURLOPT_CONNECT_ONLY), and the client writes the
// HTTP/1.1 request itself with curl_easy_send straight from the encoder's
// buffer, then reads and parses the response with curl_easy_recv, keeping
// the connection for the next request. Through a proxy from the environment
// (which CONNECT_ONLY would bypass) or with credentials in the endpoint,
// libcurl sends the request itself, as curl_easy_perform does.
#pragma once

#include "export/otlp/protobuf_writer.hpp"
#include "telegen/config.hpp"
#include "telegen/detail/self_metrics.hpp"

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

namespace telegen::detail {

// What differs between the three signals' requests and reports.
struct OtlpSignal {
  std::string_view items;             // "spans", "log records", "data points"
  std::string_view rejected_json_key; // in the JSON partial success
  const SelfCounter& failed;          // where undelivered items are counted
  SelfCounter& rejected;              // items a partial success rejected
};

// Not thread-safe, except cancel(): one per exporting thread.
class OtlpHttpClient {
public:
  OtlpHttpClient(const OtlpConfig& config, const OtlpSignal& signal);
  ~OtlpHttpClient();
  OtlpHttpClient(const OtlpHttpClient&) = delete;
  OtlpHttpClient& operator=(const OtlpHttpClient&) = delete;

  // Sends one request of `items` items, retrying until delivered or
  // `timeout` (the configuration's when zero) has passed. Returns whether
  // the receiver took it (a partial success counts as taken; what it
  // rejected is counted and reported). The first failure of a streak is
  // reported on stderr.
  bool send(std::string_view body, std::size_t items,
            std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

  // The bodies of one exporter's requests, reused from request to request.
  struct Bodies {
    ProtoWriter protobuf;
    std::string json;
  };
  // Builds the body in the configured protocol, with write_json(std::string&)
  // or write_protobuf(ProtoWriter&) on a cleared buffer, and sends it.
  template <class WriteJson, class WriteProtobuf>
  bool send(Bodies& bodies, std::size_t items, std::chrono::milliseconds timeout,
            WriteJson&& write_json, WriteProtobuf&& write_protobuf) {
    if (protocol_ == OtlpProtocol::http_json) {
      bodies.json.clear();
      write_json(bodies.json);
      return send(bodies.json, items, timeout);
    }
    bodies.protobuf.clear();
    write_protobuf(bodies.protobuf);
    return send(bodies.protobuf.view(), items, timeout);
  }

  // Thread-safe: makes a send in progress, and every later one, give up.
  void cancel() noexcept;

  OtlpProtocol protocol() const noexcept { return protocol_; }
  // Whether the client writes requests itself (no proxy, no credentials in
  // the endpoint), rather than leaving them to curl_easy_perform.
  bool writes_requests() const noexcept { return direct_; }

private:
  enum class Outcome { delivered, retry, failed };
  struct Response;
  // How one request over the kept connection ended.
  enum class Io { ok, closed_before_response, error, timed_out, cancelled, bad_response };

  // Reads Retry-After into the Response.
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user);

  static Outcome outcome_of_status(long status);
  void set_options();
  Outcome attempt(std::string_view payload, std::chrono::steady_clock::time_point deadline,
                  Response& response, std::string& reason);
  // curl_easy_perform with the body in CURLOPT_POSTFIELDS.
  Outcome attempt_perform(std::string_view payload, long timeout_ms, Response& response,
                          std::string& reason);
  // The request written, and its response read, over the kept connection.
  Outcome attempt_direct(std::string_view payload, std::chrono::steady_clock::time_point deadline,
                         Response& response, std::string& reason);
  Io exchange(std::string_view payload, std::chrono::steady_clock::time_point deadline,
              Response& response, std::string& reason);
  Io read_response(std::chrono::steady_clock::time_point deadline, Response& response,
                   std::string& reason);
  // The request's head and body: over TLS with curl_easy_send, each in
  // turn; over plain TCP in one sendmsg. `head_sent` once the head is out.
  Io send_request(std::string_view head, std::string_view body,
                  std::chrono::steady_clock::time_point deadline, std::string& reason,
                  bool& head_sent);
  Io send_all(const char* data, std::size_t size, std::chrono::steady_clock::time_point deadline,
              std::string& reason);
  // Appends what the connection has to in_; `eof` when it was closed.
  Io receive(std::chrono::steady_clock::time_point deadline, bool& eof, std::string& reason);
  Io wait_for(short events, std::chrono::steady_clock::time_point deadline);
  void disconnect();
  bool sleep_unless_cancelled(std::chrono::milliseconds wait);
  void read_partial_success(const std::string& body);
  bool report_failure(std::size_t items, const std::string& reason);

  std::string endpoint_;
  OtlpProtocol protocol_;
  std::chrono::milliseconds timeout_;
  bool gzip_;
  std::string certificate_;
  std::string client_key_;
  std::string client_certificate_;
  OtlpSignal signal_;
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  // Whether requests are written over a CONNECT_ONLY connection.
  bool direct_ = false;
  bool tls_ = false; // https: every byte goes through libcurl's TLS
  // The request's head up to the value of Content-Length.
  std::string head_;
  std::string head_buffer_;
  curl_socket_t socket_ = CURL_SOCKET_BAD; // the kept connection's; BAD: none
  std::string in_;                         // received and not yet parsed
  std::size_t in_at_ = 0;                  // where parsing is in in_
  std::string compressed_;
  bool failing_ = false;
  bool partial_reported_ = false;
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
};

} // namespace telegen::detail
