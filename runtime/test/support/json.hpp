// A strict JSON parser for tests: checks that the runtime's outputs are
// valid JSON and lets tests assert on their structure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace telegen::test {

struct Json;
using JsonObject = std::vector<std::pair<std::string, Json>>; // keeps key order
using JsonArray = std::vector<Json>;

struct Json {
  std::variant<std::nullptr_t, bool, double, std::string, std::shared_ptr<JsonArray>,
               std::shared_ptr<JsonObject>>
      value;

  bool is_null() const { return std::holds_alternative<std::nullptr_t>(value); }
  bool is_string() const { return std::holds_alternative<std::string>(value); }
  bool is_number() const { return std::holds_alternative<double>(value); }
  bool is_bool() const { return std::holds_alternative<bool>(value); }
  bool is_object() const { return std::holds_alternative<std::shared_ptr<JsonObject>>(value); }
  bool is_array() const { return std::holds_alternative<std::shared_ptr<JsonArray>>(value); }
  const std::string& str() const { return std::get<std::string>(value); }
  double num() const { return std::get<double>(value); }
  bool boolean() const { return std::get<bool>(value); }
  const JsonArray& arr() const { return *std::get<std::shared_ptr<JsonArray>>(value); }
  const JsonObject& obj() const { return *std::get<std::shared_ptr<JsonObject>>(value); }

  bool has(std::string_view key) const {
    for (const auto& [k, v] : obj())
      if (k == key)
        return true;
    return false;
  }
  // The member `key`; throws when absent.
  const Json& operator[](std::string_view key) const {
    for (const auto& [k, v] : obj())
      if (k == key)
        return v;
    throw std::runtime_error("no key " + std::string(key));
  }
  const Json& operator[](std::size_t i) const { return arr().at(i); }
};

// Parses exactly one JSON value (surrounding whitespace allowed); throws
// std::runtime_error naming the offset on anything else, including
// duplicate object keys.
Json parse_json(std::string_view text);

// An object's keys, in their order.
std::vector<std::string> keys_of(const Json& object);

} // namespace telegen::test
