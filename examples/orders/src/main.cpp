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
#include <telegen/httplib.hpp>
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

} // namespace

int main(int argc, char** argv) {
  struct {
    std::string listen = "127.0.0.1:8080", admin = "127.0.0.1:9464", payments = "127.0.0.1:8081",
                workers = "4", ports_file;
  } options;
  example::parse_options(argc, argv, usage,
                         {{"--listen", &options.listen},
                          {"--admin", &options.admin},
                          {"--payments", &options.payments},
                          {"--workers", &options.workers},
                          {"--ports-file", &options.ports_file}});
  const example::Address listen = example::parse_address(options.listen, "--listen");
  const example::Address payments = example::parse_address(options.payments, "--payments");
  const example::Address admin_address = example::parse_address(options.admin, "--admin");
  const auto workers = static_cast<std::size_t>(example::parse_number(options.workers, "--workers", 1, 256));
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
  auto pool = std::make_unique<orders::ThreadPool>("orders", workers);
  orders::OrderService service(repository, payments_client, *pool, std::chrono::seconds(5));
  telegen::add_readiness_check("worker_pool",
                               [&pool, workers] { return pool->pending() < 64 * workers; });

  telegen::http::Server server;
  orders::add_routes(server, service);
  const int port = example::bind(server, listen, "orders");
  if (!options.ports_file.empty())
    example::write_ports(options.ports_file, "api=" + std::to_string(port) + "\nadmin=" +
                                                 std::to_string(admin->port()) + "\n");
  const std::string address = listen.host + ":" + std::to_string(port);
  telegen::log(telegen::Level::info, "orders", "listening",
               {{"address", address}, {"admin_port", static_cast<std::int64_t>(admin->port())}});
  std::printf("orders: API on http://%s:%d, metrics and health on http://%s:%u\n", listen.host.c_str(),
              port, admin_address.host.c_str(), admin->port());
  std::fflush(stdout);

  example::stop_on_signal(server);
  server.listen_after_bind();

  pool.reset(); // finishes the orders in progress
  admin->stop();
  telegen::shutdown();
  return 0;
}
