//===- Receiver.h - An OTLP/HTTP endpoint feeding the checker -*- C++ -*-===//
//
// Listens on one address for POSTs to /v1/traces, /v1/logs and /v1/metrics
// (cpp-httplib's server, on its own threads) and answers as an
// OpenTelemetry Collector does, so exporters neither retry nor give up:
//
// - a request it decodes: 200 with an empty Export*ServiceResponse (no
//   partial_success: live-check rejects nothing, it only reports), in the
//   request's encoding;
// - a body that is not a request of its path: 400 (not retried by OTLP
//   exporters), and a live.payload finding;
// - another Content-Type: 415; a body over MaxBodyBytes: 413.
//
// Bodies are decoded by Content-Type, application/x-protobuf
// (OtlpProtobuf.h) or application/json (OtlpJson.h); gzip bodies are
// inflated by cpp-httplib. Requests are checked one at a time.
//
// Thread-safe: stop() and the accessors may be called from any thread.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_RECEIVER_H
#define TELEGEN_LIVECHECK_RECEIVER_H

#include "LiveCheck/LiveChecker.h"

#include "llvm/Support/Error.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <thread>

namespace httplib {
class Server;
struct Request;
struct Response;
} // namespace httplib

namespace telegen {
namespace livecheck {

/// The largest request body accepted.
constexpr size_t MaxBodyBytes = 32u << 20;

class Receiver {
public:
  explicit Receiver(LiveChecker &Checker);
  ~Receiver();

  /// Binds Host:Port (port 0: any free port) and serves on a thread.
  /// Returns the port bound.
  llvm::Expected<int> start(const std::string &Host, int Port);
  /// Stops serving; returns once requests in progress are answered.
  void stop();

  /// Requests answered so far, and when the last one arrived.
  uint64_t requests() const;
  std::chrono::steady_clock::time_point lastRequest() const;

  /// Runs F with the checker, between requests.
  template <typename Fn> void withChecker(Fn F) {
    std::lock_guard<std::mutex> Lock(Mu);
    F(Checker);
  }

private:
  void handle(Signal S, const httplib::Request &Req, httplib::Response &Res);

  LiveChecker &Checker;
  std::unique_ptr<httplib::Server> Server;
  std::thread Thread;
  mutable std::mutex Mu;
  uint64_t Requests = 0;
  std::chrono::steady_clock::time_point Last;
};

} // namespace livecheck
} // namespace telegen

#endif
