// A small streaming JSON writer for the runtime's outputs (log lines, OTLP
// JSON, health reports). Appends to a caller-owned std::string so a
// background thread can reuse one buffer for many records.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace telegen::detail {

// Appends `text` as a JSON string literal, quotes included. Control
// characters are escaped; bytes that are not valid UTF-8 become U+FFFD so
// the output is always valid JSON whatever the input.
void append_json_string(std::string& out, std::string_view text);

// Appends a number the way JSON spells it: shortest round-trip form, and
// `null` for NaN and infinities, which JSON cannot represent.
void append_json_number(std::string& out, double value);

// Writes one JSON value with objects and arrays nested to any depth. Commas
// are inserted automatically. Not thread-safe; use one writer per buffer.
//
//   std::string out;
//   JsonWriter w(out);
//   w.begin_object().key("level").value("INFO").key("lineno").value(42).end_object();
class JsonWriter {
public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(double number);
  JsonWriter& null();
  // Inserts already-serialized JSON as the next value.
  JsonWriter& raw(std::string_view json);
  // Starts the next value (a comma as needed) and returns the buffer, for a
  // caller that appends the value's JSON itself.
  std::string& next_value() {
    before_value();
    return out_;
  }

private:
  void before_value();

  std::string& out_;
  // One entry per open container: true once it holds an element, so the
  // next one needs a comma.
  std::vector<bool> has_element_;
  bool after_key_ = false;
};

} // namespace telegen::detail
