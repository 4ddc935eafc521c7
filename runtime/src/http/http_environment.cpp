// The endpoint TELEGEN_METRICS_ADDR starts: constructed during static
// initialization of any program linked with telegen::http, stopped by
// static destruction at exit. The same initialization lets extract()
// verify X-Debug-Token.
#include "telegen/http_server.hpp"

#include "http/debug_api.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

namespace telegen {
namespace {

class EnvironmentEndpoint {
public:
  EnvironmentEndpoint() noexcept {
    detail::install_debug_verifier();
    const char* address = std::getenv(std::string(metrics_address_variable).c_str());
    if (address == nullptr || *address == '\0')
      return;
    try {
      server_ = std::make_unique<HttpServer>(address);
    } catch (const std::exception& error) {
      // Before main() there is no caller to throw to; say why nothing is
      // served and let the program run.
      std::fprintf(stderr, "%s (from %.*s); /metrics is not served\n", error.what(),
                   static_cast<int>(metrics_address_variable.size()),
                   metrics_address_variable.data());
    }
  }

private:
  std::unique_ptr<HttpServer> server_;
};

EnvironmentEndpoint environment_endpoint;

} // namespace
} // namespace telegen

// telegen::http's link options name this symbol so a static link keeps this
// file (and the endpoint above) although nothing else refers to it.
extern "C" const char telegen_http_environment_endpoint = 0;
