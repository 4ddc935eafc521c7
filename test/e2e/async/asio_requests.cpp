// Thousands of interleaved requests on an io_context run by two threads,
// each a tree of C++20 coroutines with TELEGEN_SPAN, checked by
// async_test.py from the exported spans and the JSONL log.
//
// Built against standalone Asio, or Boost.Asio with TELEGEN_TEST_BOOST.
// Each request runs under its own request id (req-<n>) and, instrumented:
//   orders.handle (server)                       log "handle.start" / "handle.done"
//     orders.lookup (status = result: empty for n % 50 == 0)
//       store.read (key n), store.read (key n+1)  log "read"; key % 97 == 0 throws
//       helper() (not annotated)                  log "helper" after a timer
//     a handler posted to a strand                log "posted"
//     audit.record, co_spawned detached           log "audit"
#include <telegen/annotate.hpp>
#include <telegen/context.hpp>
#include <telegen/log.hpp>
#include <telegen/request_context.hpp>
#include <telegen/telemetry.hpp>

#if defined(TELEGEN_TEST_BOOST)
#include <boost/asio.hpp>
namespace net = boost::asio;
#else
#include <asio.hpp>
namespace net = asio;
#endif

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace {

std::chrono::microseconds pause(std::int64_t n) { return std::chrono::microseconds(n % 7 * 50); }

net::awaitable<void> sleep_for(std::chrono::microseconds duration) {
  net::steady_timer timer(co_await net::this_coro::executor, duration);
  co_await timer.async_wait(net::use_awaitable);
}

TELEGEN_SPAN("store.read", kind = client, attrs(request, key))
net::awaitable<std::int64_t> read(std::int64_t request, std::int64_t key) {
  co_await sleep_for(pause(key));
  telegen::log(telegen::Level::info, "store", "read", {{"request", request}, {"key", key}});
  if (key % 97 == 0)
    throw std::runtime_error("key " + std::to_string(key) + " is corrupt");
  co_return key * 2;
}

// Not annotated: runs under whatever context its caller's run installed.
net::awaitable<void> helper(std::int64_t request) {
  co_await sleep_for(pause(request + 3));
  telegen::log(telegen::Level::info, "store", "helper", {{"request", request}});
}

TELEGEN_SPAN("orders.lookup", attrs(request), status = result)
net::awaitable<std::optional<std::int64_t>> lookup(std::int64_t request) {
  std::int64_t total = 0;
  try {
    total += co_await read(request, request);
    total += co_await read(request, request + 1);
  } catch (const std::runtime_error&) {
    total = -1;
  }
  co_await helper(request);
  if (request % 50 == 0)
    co_return std::nullopt;
  co_return total;
}

TELEGEN_SPAN("audit.record", attrs(request))
net::awaitable<void> audit(std::int64_t request) {
  co_await sleep_for(pause(request + 5));
  telegen::log(telegen::Level::info, "audit", "audit", {{"request", request}});
}

TELEGEN_SPAN("orders.handle", kind = server, attrs(request))
net::awaitable<void> handle(std::int64_t request, net::strand<net::io_context::executor_type>& strand) {
  telegen::log(telegen::Level::info, "orders", "handle.start", {{"request", request}});
  std::optional<std::int64_t> found = co_await lookup(request);
  net::post(strand, [request] {
    telegen::log(telegen::Level::info, "orders", "posted", {{"request", request}});
  });
  net::co_spawn(co_await net::this_coro::executor, audit(request), net::detached);
  telegen::log(telegen::Level::info, "orders", "handle.done",
               {{"request", request}, {"found", found.has_value()}});
}

} // namespace

int main(int argc, char** argv) {
  const std::int64_t requests = argc > 1 ? std::atoll(argv[1]) : 2000;
  // Started before the two threads race to start it lazily (see the
  // report: a root span started while another thread lazily starts telegen
  // can be dropped).
  telegen::start();
  net::io_context io;
  auto strand = net::make_strand(io);
  for (std::int64_t n = 1; n <= requests; ++n) {
    telegen::Scope scope(telegen::Context().with_request(
        {"req-" + std::to_string(n), telegen::Frontend::unknown, ""}));
    net::co_spawn(io, handle(n, strand), net::detached);
  }
  std::thread second([&io] { io.run(); });
  io.run();
  second.join();
  telegen::shutdown();
}
