//===- Receiver.cpp - An OTLP/HTTP endpoint that feeds the checker --------===//
#include "LiveCheck/Receiver.h"
#include "LiveCheck/OtlpJson.h"
#include "LiveCheck/OtlpProtobuf.h"

#include <httplib.h>

using namespace llvm;

namespace telegen {
namespace livecheck {
namespace {

enum class Encoding { Protobuf, Json, Other };

Encoding encodingOf(const httplib::Request &Req) {
  std::string Header = Req.get_header_value("Content-Type");
  StringRef Type = StringRef(Header).split(';').first.trim();
  if (Type.equals_insensitive("application/x-protobuf"))
    return Encoding::Protobuf;
  if (Type.equals_insensitive("application/json"))
    return Encoding::Json;
  return Encoding::Other;
}

} // namespace

Receiver::Receiver(LiveChecker &Checker)
    : Checker(Checker), Server(std::make_unique<httplib::Server>()),
      Last(std::chrono::steady_clock::now()) {}

Receiver::~Receiver() { stop(); }

void Receiver::handle(Signal S, const httplib::Request &Req,
                      httplib::Response &Res) {
  Encoding E = encodingOf(Req);
  if (E == Encoding::Other) {
    Res.status = 415;
    Res.set_content("OTLP/HTTP takes application/x-protobuf or "
                    "application/json\n",
                    "text/plain");
    return;
  }
  Expected<Batch> Decoded = E == Encoding::Protobuf
                                ? decodeProtobuf(S, Req.body)
                                : decodeJson(S, Req.body);
  std::lock_guard<std::mutex> Lock(Mu);
  ++Requests;
  Last = std::chrono::steady_clock::now();
  if (!Decoded) {
    std::string Why = toString(Decoded.takeError());
    Checker.malformed(S, Why);
    Res.status = 400;
    Res.set_content(Why + "\n", "text/plain");
    return;
  }
  Checker.check(*Decoded);
  Res.status = 200;
  // An empty Export*ServiceResponse: everything accepted.
  if (E == Encoding::Protobuf)
    Res.set_content("", "application/x-protobuf");
  else
    Res.set_content("{}", "application/json");
}

Expected<int> Receiver::start(const std::string &Host, int Port) {
  Server->set_payload_max_length(MaxBodyBytes);
  for (Signal S : {Signal::Traces, Signal::Logs, Signal::Metrics})
    Server->Post(path(S).str(),
                 [this, S](const httplib::Request &Req,
                           httplib::Response &Res) { handle(S, Req, Res); });
  int Bound = Port == 0 ? Server->bind_to_any_port(Host)
                        : (Server->bind_to_port(Host, Port) ? Port : -1);
  if (Bound < 0)
    return createStringError(inconvertibleErrorCode(),
                             "cannot listen on " + Host + ":" + Twine(Port) +
                                 " (in use, or not an address of this host)");
  Thread = std::thread([this] { Server->listen_after_bind(); });
  // cpp-httplib's stop() does nothing before its loop runs, and the loop
  // would then wait for connections forever: a SIGTERM right after start
  // hung live-check. Start returns once the loop runs (bounded wait).
  for (int I = 0; I < 5000 && !Server->is_running(); ++I)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return Bound;
}

void Receiver::stop() {
  if (!Thread.joinable())
    return;
  Server->stop();
  Thread.join();
}

uint64_t Receiver::requests() const {
  std::lock_guard<std::mutex> Lock(Mu);
  return Requests;
}

std::chrono::steady_clock::time_point Receiver::lastRequest() const {
  std::lock_guard<std::mutex> Lock(Mu);
  return Last;
}

} // namespace livecheck
} // namespace telegen
