// A request through TracedRoutes on loopback, with the http schema's
// automatic RED metrics (the module of runtime/test/generated/web.yaml is
// linked and registered) and without them (functions that do nothing
// registered in their place), in one binary: the difference is what the
// metrics cost a request. A plain httplib route on the same server is the
// peer: what TracedRoutes costs at all.
#include "generated/web.telegen.hpp"

#include "http/debug_token.hpp"
#include "telegen/debug_api.hpp"
#include "telegen/httplib.hpp"
#include "telegen/propagation.hpp"
#include "telegen/detail/http_metrics.hpp"

#include "session.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <optional>
#include <thread>

namespace {

using telegen::bench::Session;

// A server on a free loopback port with one route, traced or not, and a
// keep-alive client.
class Loopback {
public:
  explicit Loopback(bool traced) {
    const auto handler = [](const httplib::Request&, httplib::Response& response) {
      response.set_content("ok", "text/plain");
    };
    if (traced)
      telegen::http::TracedRoutes(server_).add("GET", "/items/{id}", handler);
    else
      server_.Get(R"(/items/([^/]+))", handler);
    // Without TCP_NODELAY a response waits for the client's delayed ACK
    // (tens of milliseconds): the figure would measure that.
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    client_.emplace("127.0.0.1", port_);
    client_->set_keep_alive(true);
    client_->set_tcp_nodelay(true);
  }
  ~Loopback() {
    server_.stop();
    thread_.join();
  }
  bool get(const httplib::Headers& headers = {}) {
    return static_cast<bool>(client_->Get("/items/42", headers));
  }

private:
  telegen::http::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::optional<httplib::Client> client_;
};

constexpr telegen::detail::HttpMetrics no_metrics{
    [](const telegen::detail::HttpServerExchange&) noexcept {},
    [](const telegen::detail::HttpClientExchange&) noexcept {}};

void run(benchmark::State& state, bool traced, bool metrics) {
  Session session(state);
  const telegen::detail::HttpMetrics& red = *telegen::detail::http_metrics();
  telegen::detail::register_http_metrics(metrics ? red : no_metrics);
  {
    Loopback loopback(traced);
    for (auto _ : state) {
      if (!loopback.get())
        state.SkipWithError("request failed");
      session.tick();
    }
  }
  telegen::detail::register_http_metrics(red);
}

void BM_Request_TracedRoutes_RedMetrics(benchmark::State& state) { run(state, true, true); }

// Turns the debug API on with a bench secret and returns a valid token
// for every scope and frontend, an hour long.
std::string enable_debug_api() {
  telegen::DebugApiConfig debug;
  debug.secret = std::string(32, 'k');
  telegen::configure_debug_api(debug);
  const telegen::detail::DebugClaims claims{
      telegen::detail::new_debug_id(), telegen::detail::DebugScope::all, std::nullopt,
      std::chrono::system_clock::now() + std::chrono::hours(1)};
  return telegen::detail::sign_debug_token(claims, debug.secret);
}

// A request in debug mode (a valid X-Debug-Token, scope all): verified
// (HMAC-SHA-256), sampled whatever the sampler says, and ending with its
// debug_request_timing record; against BM_Request_TracedRoutes_RedMetrics,
// the same request without the header.
void BM_Request_TracedRoutes_DebugToken(benchmark::State& state) {
  Session session(state);
  const httplib::Headers headers = {{"X-Debug-Token", enable_debug_api()}};
  {
    Loopback loopback(true);
    for (auto _ : state) {
      if (!loopback.get(headers))
        state.SkipWithError("request failed");
      session.tick();
    }
  }
  telegen::configure_debug_api(telegen::DebugApiConfig());
}
TELEGEN_BENCHMARK(BM_Request_TracedRoutes_DebugToken)->UseRealTime();
TELEGEN_BENCHMARK(BM_Request_TracedRoutes_RedMetrics)->UseRealTime();

void BM_Request_TracedRoutes_NoMetrics(benchmark::State& state) { run(state, true, false); }
TELEGEN_BENCHMARK(BM_Request_TracedRoutes_NoMetrics)->UseRealTime();

void BM_Peer_Request_PlainHttplibRoute(benchmark::State& state) { run(state, false, false); }
TELEGEN_BENCHMARK(BM_Peer_Request_PlainHttplibRoute)->UseRealTime();

// What a request's header verification costs without the network's noise:
// extract() of a request's headers, with a valid X-Debug-Token (its
// HMAC-SHA-256 checked, a DebugMode made) and without one.
void extract_headers(benchmark::State& state, bool with_token) {
  const std::string token = enable_debug_api();
  httplib::Headers headers = {
      {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
      {"X-Request-ID", "req-1"}};
  if (with_token)
    headers.emplace("X-Debug-Token", token);
  for (auto _ : state)
    benchmark::DoNotOptimize(telegen::extract(telegen::HeaderCarrier(headers)));
  telegen::configure_debug_api(telegen::DebugApiConfig());
}

void BM_Extract_RequestHeaders(benchmark::State& state) { extract_headers(state, false); }
TELEGEN_BENCHMARK(BM_Extract_RequestHeaders);

void BM_Extract_RequestHeaders_DebugToken(benchmark::State& state) {
  extract_headers(state, true);
}
TELEGEN_BENCHMARK(BM_Extract_RequestHeaders_DebugToken);

// What the metrics add to one request, without the network's noise: the
// registered adapter's updates (a counter and three histograms, the route a
// dynamic label) for one served request.
void BM_RedMetrics_OneServedRequest(benchmark::State& state) {
  const telegen::detail::HttpMetrics& red = *telegen::detail::http_metrics();
  const telegen::detail::HttpServerExchange exchange{
      "GET", "/items/{id}", 200, telegen::Frontend::web, 0.0012, 0, 2};
  for (auto _ : state)
    red.server(exchange);
}
TELEGEN_BENCHMARK(BM_RedMetrics_OneServedRequest);

} // namespace
