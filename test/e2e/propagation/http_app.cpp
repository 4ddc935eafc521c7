// Three processes on loopback, one trace: a client calls the frontend,
// whose handler checks the stock with the downstream service from another
// thread (std::async, a boundary `telegen instrument` wraps). The HTTP
// hops use telegen::http's helpers. http_test.py runs it instrumented and
// as it is, and checks the exported spans and logs.
//
//   http_app downstream PORT_FILE                  serves GET /stock/ITEM until SIGTERM
//   http_app frontend DOWNSTREAM_PORT PORT_FILE    serves POST /checkout/ITEM until SIGTERM
//   http_app client FRONTEND_PORT                  one checkout; prints the answer's headers
#include <telegen/context.hpp>
#include <telegen/httplib.hpp>
#include <telegen/log.hpp>
#include <telegen/span.hpp>
#include <telegen/telemetry.hpp>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <future>
#include <string>
#include <thread>

namespace {

constexpr telegen::detail::SpanSite checkout_site{"checkout", telegen::SpanKind::internal,
                                                  "run_client", "http_app.cpp", 1};

// Serves `routes` on a free loopback port, written to `port_file`, until
// SIGTERM.
template <class AddRoutes> int serve(const char* port_file, AddRoutes add_routes) {
  telegen::http::Server server;
  telegen::http::TracedRoutes routes(server);
  add_routes(routes);
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::perror("bind");
    return 2;
  }
  std::thread listener([&server] { server.listen_after_bind(); });
  const std::string partial = std::string(port_file) + ".partial";
  std::ofstream(partial) << port << "\n";
  std::rename(partial.c_str(), port_file);

  sigset_t terminate;
  sigemptyset(&terminate);
  sigaddset(&terminate, SIGTERM);
  int received = 0;
  sigwait(&terminate, &received);
  server.stop();
  listener.join();
  return 0;
}

int run_downstream(const char* port_file) {
  return serve(port_file, [](telegen::http::TracedRoutes& routes) {
    routes.add("GET", "/stock/{item}",
               [](const httplib::Request& request, httplib::Response& response) {
                 telegen::log(telegen::Level::info, "downstream", "stock_checked",
                              {{"item", request.matches[1].str()}});
                 response.set_content("42", "text/plain");
               });
  });
}

int run_frontend(int downstream_port, const char* port_file) {
  return serve(port_file, [downstream_port](telegen::http::TracedRoutes& routes) {
    routes.add("POST", "/checkout/{item}",
               [downstream_port](const httplib::Request& request, httplib::Response& response) {
                 const std::string item = request.matches[1].str();
                 telegen::log(telegen::Level::info, "frontend", "checkout", {{"item", item}});
                 // The stock check runs on another thread, as a fan-out would.
                 std::future<httplib::Result> stock =
                     std::async(std::launch::async, [downstream_port, item] {
                       telegen::http::Client downstream("127.0.0.1", downstream_port);
                       return downstream.get("/stock/" + item);
                     });
                 const httplib::Result result = stock.get();
                 if (result && result->status == 200) {
                   response.set_content("in stock: " + result->body, "text/plain");
                 } else {
                   response.status = 502;
                 }
               });
  });
}

int run_client(int frontend_port) {
  telegen::Scope request(
      telegen::Context::current().with_request({"req-http", telegen::Frontend::web, "flow-http"}));
  telegen::SpanGuard span(checkout_site);
  telegen::log(telegen::Level::info, "client", "checkout_started");
  telegen::http::Client frontend("127.0.0.1", frontend_port);
  frontend.connection().set_read_timeout(10);
  const httplib::Result result = frontend.post("/checkout/apple", "1", "text/plain");
  if (!result) {
    std::fprintf(stderr, "no answer: %s\n", httplib::to_string(result.error()).c_str());
    return 1;
  }
  std::printf("status: %d\nX-Request-ID: %s\nX-Response-Time: %s\nbody: %s\n", result->status,
              result->get_header_value("X-Request-ID").c_str(),
              result->get_header_value("X-Response-Time").c_str(), result->body.c_str());
  return result->status == 200 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  // SIGTERM is taken by sigwait in serve(); every thread must block it.
  sigset_t terminate;
  sigemptyset(&terminate);
  sigaddset(&terminate, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &terminate, nullptr);

  int status = 2;
  if (argc == 3 && std::strcmp(argv[1], "downstream") == 0)
    status = run_downstream(argv[2]);
  else if (argc == 4 && std::strcmp(argv[1], "frontend") == 0)
    status = run_frontend(std::atoi(argv[2]), argv[3]);
  else if (argc == 3 && std::strcmp(argv[1], "client") == 0)
    status = run_client(std::atoi(argv[2]));
  else
    std::fprintf(stderr, "usage: %s downstream PORT_FILE | frontend PORT PORT_FILE | client PORT\n",
                 argv[0]);
  telegen::shutdown();
  return status;
}
