// Start-up and shutdown shared by the example's two services: telemetry
// configuration, addresses, and stopping cleanly on SIGINT/SIGTERM.
#pragma once

#include <httplib.h>

#include <chrono>
#include <initializer_list>
#include <string>
#include <utility>

namespace example {

// telegen's configuration from the environment (OTEL_*, TELEGEN_*), with
// the example's defaults: the service is named `service_name` unless
// OTEL_SERVICE_NAME says otherwise, and traces go to logs/traces.jsonl
// unless an OTLP endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER chooses.
void start_telemetry(const std::string& service_name);

// Reads "--name value" arguments into the strings `options` names (a
// string keeps its default when its option is absent). --help or -h prints
// `usage` and exits 0; an unknown option or a missing value exits 2.
void parse_options(int argc, char** argv, const char* usage,
                   std::initializer_list<std::pair<const char*, std::string*>> options);

// `text` as an integer in [min, max]; exits 2 naming `option` otherwise.
long parse_number(const std::string& text, const char* option, long min, long max);

struct Address {
  std::string host;
  int port = 0;
};
// "HOST:PORT"; exits with a message naming `option` when malformed.
Address parse_address(const std::string& text, const char* option);

// Binds `server` to `address` (port 0: any free port) and returns the
// port; exits with a message when it cannot.
int bind(httplib::Server& server, const Address& address, const char* what);

// Writes "name=port" lines to `path` (for scripts that start the service
// on free ports), atomically.
void write_ports(const std::string& path, const std::string& lines);

// On SIGINT or SIGTERM: readiness answers 503 (telegen::begin_shutdown),
// then `server` stops listening, so its listen() returns. Call once.
void stop_on_signal(httplib::Server& server);

} // namespace example
