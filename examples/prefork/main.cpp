// prefork: a pre-forked HTTP service. The supervisor binds one port and
// forks the workers, which accept on the socket they inherit; a worker
// that exits is started again. Every process shares its metrics in one
// directory, so GET /metrics, answered by whichever worker accepts it,
// counts the requests of all of them. See examples/prefork/README.md.
#include "../orders/common/process.hpp"
#include "telemetry.telegen.hpp"

#include <telegen/annotate.hpp>
#include <telegen/exposition.hpp>
#include <telegen/httplib.hpp>
#include <telegen/telemetry.hpp>

#include <httplib.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

namespace {

const char usage[] = R"(usage: prefork [options]

A pre-forked HTTP service: GET /work?size=N computes a sum of N square
roots, GET /metrics shows the metrics of every process of the service.

  --listen HOST:PORT   where the workers accept (default 127.0.0.1:8090;
                       port 0: any free port)
  --workers N          worker processes (default 4)
  --metrics-dir DIR    where the processes share their metrics (default
                       TELEGEN_METRICS_MULTIPROCESS_DIR, else
                       /dev/shm/prefork-metrics)
  --ports-file FILE    write "api=PORT" there once listening

Prints "worker PID" for each worker it starts. SIGINT or SIGTERM stop the
workers, then the supervisor.
)";

using telemetry::method;
using telemetry::route;
using telemetry::status_class;
using Clock = std::chrono::steady_clock;

TELEGEN_SPAN("prefork.work", attrs("size" = size))
double work(long size);

double work(long size) {
  double total = 0;
  for (long i = 1; i <= size; ++i)
    total += std::sqrt(static_cast<double>(i));
  return total;
}

void count(route served, int status, Clock::time_point started) {
  const status_class cls = status < 400   ? status_class::_2xx
                           : status < 500 ? status_class::_4xx
                                          : status_class::_5xx;
  telemetry::http_requests_total.inc(method::GET, served, cls);
  telemetry::http_request_duration_seconds.observe(
      std::chrono::duration<double>(Clock::now() - started).count(), served);
}

void add_routes(httplib::Server& server) {
  telegen::http::TracedRoutes(server).add(
      "GET", "/work", [](const httplib::Request& request, httplib::Response& response) {
        const Clock::time_point started = Clock::now();
        telemetry::http_requests_in_flight.inc(route::work);
        char* end = nullptr;
        const std::string size =
            request.has_param("size") ? request.get_param_value("size") : "1000";
        const long n = std::strtol(size.c_str(), &end, 10);
        if (end == size.c_str() || *end != '\0' || n < 0 || n > 10'000'000) {
          response.status = 400;
          response.set_content("size is a whole number from 0 to 10000000\n", "text/plain");
        } else {
          response.status = 200;
          response.set_content(std::to_string(work(n)) + "\n", "text/plain");
        }
        telemetry::http_requests_in_flight.dec(route::work);
        count(route::work, response.status, started);
      });
  server.Get("/metrics", [](const httplib::Request& request, httplib::Response& response) {
    const Clock::time_point started = Clock::now();
    const auto format = telegen::negotiate_exposition_format(request.get_header_value("Accept"));
    response.set_content(telegen::metrics_text(format), std::string(telegen::content_type(format)));
    count(route::metrics, 200, started);
  });
}

// Forks a worker serving on the supervisor's bound socket.
pid_t start_worker(httplib::Server& server, const sigset_t& worker_signals) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::sigprocmask(SIG_SETMASK, &worker_signals, nullptr);
    example::stop_on_signal(server);
    server.listen_after_bind();
    std::exit(0);
  }
  if (pid < 0)
    std::perror("prefork: fork");
  else
    std::printf("worker %d\n", static_cast<int>(pid));
  std::fflush(stdout);
  return pid;
}

} // namespace

int main(int argc, char** argv) {
  struct {
    std::string listen = "127.0.0.1:8090", workers = "4", metrics_dir, ports_file;
  } options;
  example::parse_options(argc, argv, usage,
                         {{"--listen", &options.listen},
                          {"--workers", &options.workers},
                          {"--metrics-dir", &options.metrics_dir},
                          {"--ports-file", &options.ports_file}});
  const example::Address listen = example::parse_address(options.listen, "--listen");
  const long workers = example::parse_number(options.workers, "--workers", 1, 64);

  // Before the first metric update and before forking: every worker
  // inherits the mode and takes a file of its own in the directory.
  telegen::Config config = telegen::Config::from_env();
  if (config.service_name.empty())
    config.service_name = "prefork";
  if (!options.metrics_dir.empty())
    config.metrics.multiprocess_dir = options.metrics_dir;
  else if (config.metrics.multiprocess_dir.empty())
    config.metrics.multiprocess_dir = "/dev/shm/prefork-metrics";
  telegen::start(config);

  httplib::Server server;
  add_routes(server);
  const int port = example::bind(server, listen, "prefork");
  if (!options.ports_file.empty())
    example::write_ports(options.ports_file, "api=" + std::to_string(port) + "\n");

  // The supervisor waits for its signals; workers get the mask it had.
  sigset_t supervisor_signals, worker_signals;
  sigemptyset(&supervisor_signals);
  sigaddset(&supervisor_signals, SIGCHLD);
  sigaddset(&supervisor_signals, SIGINT);
  sigaddset(&supervisor_signals, SIGTERM);
  ::sigprocmask(SIG_BLOCK, &supervisor_signals, &worker_signals);

  std::set<pid_t> running;
  const auto start = [&] {
    if (const pid_t pid = start_worker(server, worker_signals); pid > 0)
      running.insert(pid);
  };
  for (long i = 0; i < workers; ++i)
    start();
  for (;;) {
    int signal = 0;
    ::sigwait(&supervisor_signals, &signal);
    if (signal != SIGCHLD)
      break;
    int status = 0;
    for (pid_t pid; (pid = ::waitpid(-1, &status, WNOHANG)) > 0;) {
      running.erase(pid);
      std::fprintf(stderr, "prefork: worker %d %s %d; starting another\n", static_cast<int>(pid),
                   WIFSIGNALED(status) ? "was killed by signal" : "exited with",
                   WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
      telemetry::worker_restarts_total.inc();
      start();
    }
  }
  for (pid_t pid : running)
    ::kill(pid, SIGTERM);
  for (pid_t pid : running)
    ::waitpid(pid, nullptr, 0);
  return 0;
}
