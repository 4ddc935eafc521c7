// orders: the example service. An HTTP API that places orders on a worker
// pool and charges them through the payments service, traced, measured and
// logged by telegen. See examples/orders/README.md.
#include "../common/process.hpp"
#include "api.hpp"
#include "payments_client.hpp"
#include "repository.hpp"
#include "service.hpp"
#include "thread_pool.hpp"

#include <telegen/health.hpp>
#include <telegen/http_server.hpp>
#include <telegen/log.hpp>
#include <telegen/telemetry.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace {

const char usage[] = R"(usage: orders [options]

The orders example service.

  --listen HOST:PORT     the API (default 127.0.0.1:8080; port 0: any free port)
  --admin HOST:PORT      /metrics, /health, /health/ready, /health/detailed
                         (default 127.0.0.1:9464)
  --payments HOST:PORT   the payments service (default 127.0.0.1:8081)
  --workers N            worker threads placing orders (default 4)
  --ports-file FILE      write "api=PORT" and "admin=PORT" there once listening

Telemetry: logs to logs/system.jsonl, traces to logs/traces.jsonl, or to
OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set. SIGINT or SIGTERM stop it.
)";

struct Options {
  std::string listen = "127.0.0.1:8080";
  std::string admin = "127.0.0.1:9464";
  std::string payments = "127.0.0.1:8081";
  int workers = 4;
  std::string ports_file;
};

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(usage, stdout);
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "error: unknown option or missing value: '%s'\n\n%s", arg.c_str(), usage);
      std::exit(2);
    }
    const std::string value = argv[++i];
    if (arg == "--listen")
      options.listen = value;
    else if (arg == "--admin")
      options.admin = value;
    else if (arg == "--payments")
      options.payments = value;
    else if (arg == "--workers")
      options.workers = std::atoi(value.c_str());
    else if (arg == "--ports-file")
      options.ports_file = value;
    else {
      std::fprintf(stderr, "error: unknown option '%s'\n\n%s", arg.c_str(), usage);
      std::exit(2);
    }
  }
  if (options.workers < 1 || options.workers > 256) {
    std::fprintf(stderr, "error: --workers takes 1 to 256\n");
    std::exit(2);
  }
  return options;
}

} // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const example::Address listen = example::parse_address(options.listen, "--listen");
  const example::Address payments = example::parse_address(options.payments, "--payments");
  example::parse_address(options.admin, "--admin");
  example::start_telemetry("orders");

  std::unique_ptr<telegen::HttpServer> admin;
  try {
    admin = std::make_unique<telegen::HttpServer>(options.admin);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: --admin %s: %s\n", options.admin.c_str(), e.what());
    return 1;
  }

  orders::Repository repository;
  orders::PaymentsClient::Options client_options;
  client_options.host = payments.host;
  client_options.port = payments.port;
  orders::PaymentsClient payments_client(client_options);
  auto pool = std::make_unique<orders::ThreadPool>("orders", static_cast<std::size_t>(options.workers));
  orders::OrderService service(repository, payments_client, *pool, std::chrono::seconds(5));
  telegen::add_readiness_check("worker_pool",
                               [&pool, &options] { return pool->pending() < 64u * options.workers; });

  httplib::Server server;
  orders::add_routes(server, service);
  const int port = example::bind(server, listen, "orders");
  if (!options.ports_file.empty())
    example::write_ports(options.ports_file, "api=" + std::to_string(port) + "\nadmin=" +
                                                 std::to_string(admin->port()) + "\n");
  const std::string address = listen.host + ":" + std::to_string(port);
  telegen::log(telegen::Level::info, "orders", "service_started",
               {{"address", address}, {"admin_port", static_cast<std::int64_t>(admin->port())}});
  std::printf("orders: API on http://%s:%d, metrics and health on http://%s:%u\n", listen.host.c_str(),
              port, example::parse_address(options.admin, "--admin").host.c_str(), admin->port());
  std::fflush(stdout);

  example::stop_on_signal(server);
  server.listen_after_bind();

  pool.reset(); // finishes the orders in progress
  admin->stop();
  telegen::shutdown();
  return 0;
}
