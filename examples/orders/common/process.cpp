#include "process.hpp"

#include <telegen/config.hpp>
#include <telegen/health.hpp>
#include <telegen/telemetry.hpp>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <thread>

namespace example {

namespace {

std::atomic<bool> signalled{false};

extern "C" void on_signal(int) {
  telegen::begin_shutdown();
  signalled.store(true);
}

bool set(const char* variable) {
  const char* value = std::getenv(variable);
  return value != nullptr && *value != '\0';
}

} // namespace

void parse_options(int argc, char** argv, const char* usage,
                   std::initializer_list<std::pair<const char*, std::string*>> options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(usage, stdout);
      std::exit(0);
    }
    std::string* value = nullptr;
    for (const auto& [name, target] : options)
      if (arg == name)
        value = target;
    if (value == nullptr || i + 1 >= argc) {
      std::fprintf(stderr, "error: %s '%s'\n\n%s", value == nullptr ? "unknown option" : "missing value for",
                   arg.c_str(), usage);
      std::exit(2);
    }
    *value = argv[++i];
  }
}

long parse_number(const std::string& text, const char* option, long min, long max) {
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < min || value > max) {
    std::fprintf(stderr, "error: %s takes a number from %ld to %ld, not '%s'\n", option, min, max,
                 text.c_str());
    std::exit(2);
  }
  return value;
}

void start_telemetry(const std::string& service_name) {
  telegen::Config config = telegen::Config::from_env();
  if (!set("OTEL_SERVICE_NAME"))
    config.service_name = service_name;
  if (!config.traces.exporters_chosen)
    config.traces.exporters = {set("OTEL_EXPORTER_OTLP_ENDPOINT") ||
                                       set("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                                   ? "otlp"
                                   : "jsonl"};
  telegen::start(config);
}

Address parse_address(const std::string& text, const char* option) {
  const auto colon = text.rfind(':');
  char* end = nullptr;
  const long port = colon == std::string::npos ? -1 : std::strtol(text.c_str() + colon + 1, &end, 10);
  if (colon == std::string::npos || colon == 0 || end == nullptr || *end != '\0' || port < 0 ||
      port > 65535 || colon + 1 == text.size()) {
    std::fprintf(stderr, "error: %s takes HOST:PORT (e.g. 127.0.0.1:8080), not '%s'\n", option,
                 text.c_str());
    std::exit(2);
  }
  return {text.substr(0, colon), static_cast<int>(port)};
}

int bind(httplib::Server& server, const Address& address, const char* what) {
  const int port = address.port == 0 ? server.bind_to_any_port(address.host)
                                     : (server.bind_to_port(address.host, address.port) ? address.port : -1);
  if (port <= 0) {
    std::fprintf(stderr, "error: %s cannot listen on %s:%d (in use, or not a local address)\n", what,
                 address.host.c_str(), address.port);
    std::exit(1);
  }
  return port;
}

void write_ports(const std::string& path, const std::string& lines) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial);
    out << lines;
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    std::perror(("error: cannot write " + path).c_str());
    std::exit(1);
  }
}

void stop_on_signal(httplib::Server& server) {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::thread([&server] {
    while (!signalled.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    server.stop();
  }).detach();
}

} // namespace example
