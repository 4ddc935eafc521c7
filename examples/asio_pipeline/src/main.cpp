// asio-pipeline: an order pipeline written with Asio coroutines, in two
// processes: `front` takes orders over a TCP line protocol, asks the
// `stock` service (the downstream) whether the item is in stock, and queues
// a shipment for its shipper coroutines (the second stage). See README.md.
#include "../../orders/common/process.hpp"
#include "front.hpp"
#include "shipping.hpp"
#include "stock.hpp"

#include <telegen/telemetry.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/address.hpp>
#include <asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

const char usage[] = R"(usage: asio-pipeline stock [options]
       asio-pipeline front --stock HOST:PORT [options]

stock: the downstream, answers "CHECK <item> <trace-context>".
front: takes "ORDER <request-id> <item> <quantity>" lines, checks the stock,
       queues a shipment for the shippers, answers "ACCEPTED <request-id>".

  --listen HOST:PORT     where to listen (default 127.0.0.1:0: any free port)
  --ports-file FILE      write "api=PORT" there once listening
  --stock HOST:PORT      front: the stock service
  --shippers N           front: shipper coroutines of the second stage (default 2)

Telemetry: logs to logs/system.jsonl, traces to logs/traces.jsonl. SIGINT or
SIGTERM stop it once its clients have disconnected and, for front, every
queued shipment has shipped.
)";

asio::ip::tcp::endpoint endpoint(const example::Address& address) {
  return {asio::ip::make_address(address.host), static_cast<unsigned short>(address.port)};
}

// Runs `io` on `threads` threads until it has no more work.
void run(asio::io_context& io, int threads) {
  std::vector<std::thread> others;
  for (int i = 1; i < threads; ++i)
    others.emplace_back([&io] { io.run(); });
  io.run();
  for (std::thread& thread : others)
    thread.join();
}

// Listens on `listen`, writes the port, and stops listening on SIGINT or
// SIGTERM.
asio::ip::tcp::acceptor listen_until_signal(asio::io_context& io, asio::signal_set& signals,
                                            const std::string& listen,
                                            const std::string& ports_file) {
  asio::ip::tcp::acceptor acceptor(io, endpoint(example::parse_address(listen, "--listen")));
  if (!ports_file.empty())
    example::write_ports(ports_file,
                         "api=" + std::to_string(acceptor.local_endpoint().port()) + "\n");
  signals.async_wait([&acceptor](const asio::error_code&, int) { acceptor.close(); });
  return acceptor;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || (std::strcmp(argv[1], "stock") != 0 && std::strcmp(argv[1], "front") != 0)) {
    std::fputs(usage, argc < 2 ? stderr : stdout);
    return argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)
               ? 0
               : 2;
  }
  const std::string role = argv[1];
  struct {
    std::string listen = "127.0.0.1:0", ports_file, stock, shippers = "2";
  } options;
  example::parse_options(argc - 1, argv + 1, usage,
                         {{"--listen", &options.listen},
                          {"--ports-file", &options.ports_file},
                          {"--stock", &options.stock},
                          {"--shippers", &options.shippers}});
  example::start_telemetry(role == "stock" ? "stock" : "pipeline");

  asio::io_context io;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::ip::tcp::acceptor acceptor =
      listen_until_signal(io, signals, options.listen, options.ports_file);

  if (role == "stock") {
    asio::co_spawn(io, pipeline::serve_stock(acceptor), asio::detached);
    run(io, 2);
  } else {
    if (options.stock.empty()) {
      std::fputs("asio-pipeline front: --stock HOST:PORT is required\n", stderr);
      return 2;
    }
    const int shippers =
        static_cast<int>(example::parse_number(options.shippers, "--shippers", 1, 64));
    asio::io_context shipping;
    pipeline::ShipQueue queue(shipping, 64);
    for (int i = 0; i < shippers; ++i)
      asio::co_spawn(shipping, pipeline::shipper(queue), asio::detached);
    std::thread second_stage([&] { run(shipping, 2); });

    pipeline::Front front{endpoint(example::parse_address(options.stock, "--stock")), &queue};
    asio::co_spawn(io, pipeline::serve_orders(acceptor, front), asio::detached);
    run(io, 2);
    // Every session has ended: the shippers stop after what was queued.
    asio::co_spawn(shipping, pipeline::stop_shippers(queue, shippers), asio::detached);
    second_stage.join();
  }
  telegen::shutdown();
  return 0;
}
