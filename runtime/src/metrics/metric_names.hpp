// Name rules shared by registration and exposition.
#pragma once

#include <string_view>

namespace telegen::detail {

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

inline bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Counter samples end in _total; OpenMetrics names the family without it.
inline constexpr std::string_view counter_suffix = "_total";

inline std::string_view without_counter_suffix(std::string_view name) {
  if (name.size() > counter_suffix.size() && ends_with(name, counter_suffix))
    name.remove_suffix(counter_suffix.size());
  return name;
}

} // namespace telegen::detail
