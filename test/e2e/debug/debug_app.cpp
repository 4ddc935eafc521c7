// One process of a service for the Telemetry Debug API's end-to-end test:
// serves the Debug API (mounted on its own server), GET /orders/{id}, which
// asks the stock service, and GET /stock/{id}, the stock service's route.
// Each route writes a DEBUG record, so a log shows which requests were
// verbose. GET /orders/{id} also runs two manual spans of one name on its
// thread and one on another thread, for the debug record's span breakdown.
//
//   debug_app PORT_FILE [STOCK_PORT]    serves until SIGTERM
#include <telegen/httplib.hpp>
#include <telegen/context.hpp>
#include <telegen/log.hpp>
#include <telegen/span.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace {

constexpr telegen::detail::SpanSite reserve_site{
    "orders.reserve", telegen::SpanKind::internal, "reserve", __FILE__, __LINE__};
constexpr telegen::detail::SpanSite price_site{
    "orders.price", telegen::SpanKind::internal, "price", __FILE__, __LINE__};

void reserve() { telegen::SpanGuard span(reserve_site); }

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: debug_app PORT_FILE [STOCK_PORT]\n");
    return 2;
  }
  const int stock_port = argc > 2 ? std::atoi(argv[2]) : 0;

  sigset_t terminate;
  sigemptyset(&terminate);
  sigaddset(&terminate, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &terminate, nullptr);

  telegen::http::Server server;
  telegen::http::mount_debug_api(server);
  telegen::http::TracedRoutes routes(server);
  routes.add("GET", "/orders/{id}",
             [stock_port](const httplib::Request& request, httplib::Response& response) {
               const std::string id = request.matches[1].str();
               telegen::log(telegen::Level::debug, "orders", "order_lookup", {{"order_id", id}});
               reserve();
               reserve();
               std::thread(telegen::bind_context([] { telegen::SpanGuard span(price_site); }))
                   .join();
               telegen::http::Client stock("127.0.0.1", stock_port, "stock");
               const httplib::Result answer = stock.get("/stock/" + id);
               telegen::log(telegen::Level::info, "orders", "order_served", {{"order_id", id}});
               response.set_content(answer ? answer->body : "stock unavailable", "text/plain");
             });
  routes.add("GET", "/stock/{id}",
             [](const httplib::Request& request, httplib::Response& response) {
               telegen::log(telegen::Level::debug, "stock", "stock_lookup",
                            {{"item", request.matches[1].str()}});
               response.set_content("in stock", "text/plain");
             });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::perror("bind");
    return 2;
  }
  std::thread listener([&server] { server.listen_after_bind(); });
  const std::string partial = std::string(argv[1]) + ".partial";
  std::ofstream(partial) << port << "\n";
  std::rename(partial.c_str(), argv[1]);

  int received = 0;
  sigwait(&terminate, &received);
  server.stop();
  listener.join();
  return 0;
}
