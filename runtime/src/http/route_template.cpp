#include "http/route_template.hpp"

#include <stdexcept>

namespace telegen::detail {
namespace {

[[noreturn]] void reject(std::string_view route, const std::string& what) {
  throw std::invalid_argument("telegen: route '" + std::string(route) + "': " + what +
                              "; write a route template, with path parameters as {name} "
                              "or {name:regex} (\"/orders/{id:\\\\d+}\")");
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The end of the parameter opening at `open` (its closing brace), counting
// the braces of a constraint's own quantifiers ("{id:\d{3}}").
std::size_t parameter_end(std::string_view route, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < route.size(); ++i) {
    if (route[i] == '\\') {
      ++i;
      continue;
    }
    if (route[i] == '{')
      ++depth;
    else if (route[i] == '}' && --depth == 0)
      return i;
  }
  reject(route, "the parameter at offset " + std::to_string(open) + " is not closed");
}

} // namespace

Route parse_route(std::string_view route) {
  Route parsed;
  std::string& regex = parsed.regex;
  for (std::size_t i = 0; i < route.size(); ++i) {
    const char c = route[i];
    if (c == '{') {
      const std::size_t close = parameter_end(route, i);
      const std::string_view parameter = route.substr(i + 1, close - i - 1);
      const std::size_t colon = parameter.find(':');
      const std::string_view name = parameter.substr(0, colon);
      if (name.empty())
        reject(route, "a parameter has no name");
      for (char n : name)
        if (!is_name_char(n))
          reject(route, "parameter name '" + std::string(name) + "' is not [A-Za-z0-9_]+");
      parsed.name += '{';
      parsed.name += name;
      parsed.name += '}';
      if (colon == std::string_view::npos) {
        regex += "([^/]+)";
      } else {
        const std::string_view constraint = parameter.substr(colon + 1);
        if (constraint.empty())
          reject(route, "parameter '" + std::string(name) + "' has an empty regular expression");
        regex += '(';
        regex += constraint;
        regex += ')';
      }
      i = close;
    } else if (std::string_view("()[]\\*+?|^$}").find(c) != std::string_view::npos) {
      reject(route, std::string("'") + c + "' at offset " + std::to_string(i) +
                        " is regular-expression syntax outside a parameter");
    } else {
      if (c == '.')
        regex += '\\';
      regex += c;
      parsed.name += c;
    }
  }
  return parsed;
}

} // namespace telegen::detail
