#include "http_routes.hpp"

#include "telegen/exposition.hpp"

#include <iterator>

namespace telegen::detail {

const HttpRoute http_routes[] = {
    {"/metrics", &serve_metrics},
};
const std::size_t http_route_count = std::size(http_routes);

void serve_metrics(const httplib::Request& request, httplib::Response& response) {
  const ExpositionFormat format = negotiate_exposition_format(request.get_header_value("Accept"));
  response.set_content(metrics_text(format), std::string(content_type(format)));
  // The body depends on Accept; caches between scraper and process must know.
  response.set_header("Vary", "Accept");
}

} // namespace telegen::detail
