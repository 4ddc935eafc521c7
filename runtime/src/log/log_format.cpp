#include "log/log_format.hpp"

#include "core/codec.hpp"
#include "core/json_writer.hpp"

#include <charconv>
#include <cstring>

namespace telegen::detail {
namespace {

using namespace std::string_view_literals;

constexpr std::string_view reserved_keys[] = {
    "timestamp", "level",          "logger",   "event",    "func_name", "lineno",  "pathname",
    "source",    "request_id",     "correlation_id", "frontend", "trace_id", "span_id"};

bool is_reserved(std::string_view key) {
  for (std::string_view r : reserved_keys)
    if (key == r)
      return true;
  return false;
}

template <class T> void append_integer(std::string& out, T value) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

void append_padded(std::string& out, unsigned value, int digits) {
  char buffer[8];
  for (int i = digits - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, static_cast<std::size_t>(digits));
}

void append_json_value(std::string& out, const AttributeValue& value) {
  switch (value.type()) {
  case AttributeValue::Type::null:
    out += "null";
    break;
  case AttributeValue::Type::boolean:
    out += value.as_bool() ? "true" : "false";
    break;
  case AttributeValue::Type::int64:
    append_integer(out, value.as_int64());
    break;
  case AttributeValue::Type::uint64:
    append_integer(out, value.as_uint64());
    break;
  case AttributeValue::Type::float64:
    append_json_number(out, value.as_double());
    break;
  case AttributeValue::Type::string:
    append_json_string(out, value.as_string());
    break;
  }
}

void append_hex(std::string& out, const TraceId& id) {
  char hex[32];
  id.write_hex(hex);
  out.append(hex, sizeof hex);
}

void append_hex(std::string& out, const SpanId& id) {
  char hex[16];
  id.write_hex(hex);
  out.append(hex, sizeof hex);
}

// A dev-format value: strings bare when they have no spaces, else quoted.
void append_dev_value(std::string& out, const AttributeValue& value) {
  if (value.type() != AttributeValue::Type::string) {
    append_json_value(out, value);
    return;
  }
  const std::string_view text = value.as_string();
  bool bare = !text.empty();
  for (char c : text)
    bare &= static_cast<unsigned char>(c) > 0x20 && c != '"' && c != '=' && c != 0x7F;
  if (bare)
    out += text;
  else
    append_json_string(out, text);
}

} // namespace

void decode_log(const std::byte* record, std::size_t size, const TickConverter& clock,
                LogView& out) {
  Reader r(record, record + size);
  const auto header = r.get<LogRecordHeader>();
  out.unix_nanos = clock.to_unix_nanos(header.ticks);
  out.level = header.level;
  out.trace_id = header.trace_id;
  out.span_id = header.span_id;
  out.source = header.source;
  out.in_request = header.in_request;
  out.frontend = header.frontend;
  out.trace_flags = header.trace_flags;
  out.request_id = r.get_bytes(header.request_id_bytes);
  out.correlation_id = r.get_bytes(header.correlation_id_bytes);
  out.fields.clear();
  for (std::uint16_t i = 0; i < header.bound_field_count; ++i) {
    const std::string_view key = r.get_short_string();
    out.fields.emplace_back(key, r.get_value());
  }
  const std::size_t bound = out.fields.size();
  if (header.site != nullptr) {
    const EventSite& site = *header.site;
    out.logger = site.logger;
    out.event = site.event;
    const bool caller_known = header.function != nullptr;
    out.function = caller_known ? std::string_view(header.function) : site.function;
    out.file =
        caller_known ? std::string_view(header.file != nullptr ? header.file : "") : site.file;
    out.line = caller_known ? header.line : site.line;
    for (std::uint16_t i = 0; i < header.value_count; ++i)
      out.fields.emplace_back(site.fields[i], r.get_value());
  } else {
    out.function = header.function != nullptr ? header.function : "";
    out.file = header.file != nullptr ? header.file : "";
    out.line = header.line;
    out.logger = r.get_short_string();
    out.event = r.get_short_string();
    for (std::uint16_t i = 0; i < header.value_count; ++i) {
      const std::string_view key = r.get_short_string();
      out.fields.emplace_back(key, r.get_value());
    }
  }
  if (bound == 0)
    return;
  // The record's own fields win over bound ones of the same key.
  const auto set_by_record = [&](std::string_view key) {
    for (std::size_t i = bound; i < out.fields.size(); ++i)
      if (out.fields[i].first == key)
        return true;
    return false;
  };
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.fields.size(); ++i)
    if (i >= bound || !set_by_record(out.fields[i].first))
      out.fields[kept++] = out.fields[i];
  out.fields.resize(kept);
}

namespace {

// "2024-05-01T12:34:56." for `seconds` since the epoch.
void format_second(char (&text)[21], std::uint64_t seconds) {
  const auto days = static_cast<std::int64_t>(seconds / 86400);
  const auto of_day = static_cast<unsigned>(seconds % 86400);
  // Civil date from days since 1970-01-01, in 400-year eras of 146097 days
  // whose years start on March 1st (so the leap day ends a year).
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153; // 0 = March
  const unsigned day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const unsigned month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const auto year =
      static_cast<unsigned>(static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2));
  const auto put = [&](std::size_t at, unsigned value, int digits) {
    for (int i = digits - 1; i >= 0; --i) {
      text[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, year, 4);
  text[4] = '-';
  put(5, month, 2);
  text[7] = '-';
  put(8, day, 2);
  text[10] = 'T';
  put(11, of_day / 3600, 2);
  text[13] = ':';
  put(14, of_day / 60 % 60, 2);
  text[16] = ':';
  put(17, of_day % 60, 2);
  text[19] = '.';
}

} // namespace

void append_timestamp(std::string& out, std::uint64_t unix_nanos) {
  // Records come in bursts within one second: its text is made once.
  thread_local std::uint64_t cached_second = UINT64_MAX;
  thread_local char second_text[21];
  const std::uint64_t seconds = unix_nanos / 1000000000u;
  if (seconds != cached_second) {
    format_second(second_text, seconds);
    cached_second = seconds;
  }
  out.append(second_text, 20);
  append_padded(out, static_cast<unsigned>(unix_nanos % 1000000000u / 1000u), 6);
  out += 'Z';
}

void append_json_line(std::string& out, const LogView& record, SensitiveKeys& sensitive) {
  out += "{\"timestamp\":\""sv;
  append_timestamp(out, record.unix_nanos);
  out += "\",\"level\":\""sv;
  out += to_string(record.level);
  out += "\",\"logger\":"sv;
  append_json_string(out, record.logger);
  out += ",\"event\":"sv;
  append_json_string(out, record.event);
  out += ",\"func_name\":"sv;
  append_json_string(out, record.function);
  out += ",\"lineno\":"sv;
  append_integer(out, record.line);
  if (!record.file.empty()) {
    out += ",\"pathname\":"sv;
    append_json_string(out, record.file);
  }
  if (record.source != Source::unknown) {
    out += ",\"source\":\""sv;
    out += to_string(record.source);
    out += '"';
  }
  if (!record.request_id.empty()) {
    out += ",\"request_id\":"sv;
    append_json_string(out, record.request_id);
  }
  if (record.in_request) {
    if (!record.correlation_id.empty()) {
      out += ",\"correlation_id\":"sv;
      append_json_string(out, record.correlation_id);
    }
    out += ",\"frontend\":\""sv;
    out += to_string(record.frontend);
    out += '"';
  }
  if (record.trace_id.valid()) {
    out += ",\"trace_id\":\""sv;
    append_hex(out, record.trace_id);
    out += "\",\"span_id\":\""sv;
    append_hex(out, record.span_id);
    out += '"';
  }
  for (const auto& [key, value] : record.fields) {
    out += ',';
    if (is_reserved(key))
      append_json_string(out, std::string("field_").append(key));
    else
      append_json_string(out, key);
    out += ':';
    if (sensitive(key))
      append_json_string(out, redacted_value);
    else
      append_json_value(out, value);
  }
  out += "}\n"sv;
}

void append_dev_line(std::string& out, const LogView& record, SensitiveKeys& sensitive) {
  append_timestamp(out, record.unix_nanos);
  out += ' ';
  const std::string_view level = to_string(record.level);
  out += level;
  out.append(level.size() < 8 ? 9 - level.size() : 1, ' ');
  out += record.logger;
  out += ' ';
  out += record.event;
  for (const auto& [key, value] : record.fields) {
    out += ' ';
    out += key;
    out += '=';
    if (sensitive(key))
      out += redacted_value;
    else
      append_dev_value(out, value);
  }
  out += " (";
  out += record.file;
  out += ':';
  append_integer(out, record.line);
  out += ' ';
  out += record.function;
  out += ')';
  if (record.trace_id.valid()) {
    out += " trace_id=";
    append_hex(out, record.trace_id);
  }
  if (!record.request_id.empty()) {
    out += " request_id=";
    out += record.request_id;
  }
  out += '\n';
}

} // namespace telegen::detail
