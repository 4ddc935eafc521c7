// Route templates ("/orders/{id}", "/orders/{id:\d+}"): what TracedRoutes
// names spans and metrics after, and the regular expression httplib routes
// by.
#pragma once

#include <string>
#include <string_view>

namespace telegen::detail {

struct Route {
  // The template without its parameters' expressions ("/orders/{id}"):
  // the span name's route, http.route and the route label.
  std::string name;
  // What httplib matches: literal text escaped, `{name}` one path segment
  // ([^/]+), `{name:regex}` the given expression, each parameter a capture
  // group in order.
  std::string regex;
};

// Throws std::invalid_argument for regular-expression syntax outside the
// parameters, an unclosed or empty parameter, or a name that is not
// [A-Za-z0-9_]+, saying what to write.
Route parse_route(std::string_view route);

} // namespace telegen::detail
