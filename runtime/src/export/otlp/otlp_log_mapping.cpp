#include "export/otlp/otlp_log_mapping.hpp"

#include <string_view>

namespace telegen::detail {
namespace {

struct OwnKey {
  std::string_view key;
  std::string_view renamed; // what a field of that name becomes
};
constexpr OwnKey own_keys[] = {{"code.function.name", "field_code.function.name"},
                               {"code.file.path", "field_code.file.path"},
                               {"code.line.number", "field_code.line.number"},
                               {"request_id", "field_request_id"}};

std::string_view field_key(std::string_view key) {
  for (const OwnKey& own : own_keys)
    if (key == own.key)
      return own.renamed;
  return key;
}

} // namespace

std::uint32_t severity_number(Level level) noexcept {
  switch (level) {
  case Level::debug:
    return 5;
  case Level::info:
    return 9;
  case Level::warning:
    return 13;
  case Level::error:
    return 17;
  case Level::critical:
    return 21;
  }
  return 0;
}

void log_attributes(const LogView& record, SensitiveKeys& sensitive, std::vector<Attribute>& out) {
  out.clear();
  if (!record.function.empty())
    out.push_back({own_keys[0].key, record.function});
  if (!record.file.empty())
    out.push_back({own_keys[1].key, record.file});
  if (record.line != 0)
    out.push_back({own_keys[2].key, record.line});
  if (!record.request_id.empty())
    out.push_back({own_keys[3].key, record.request_id});
  const std::size_t own = out.size();
  for (const auto& [key, value] : record.fields) {
    const std::string_view name = field_key(key);
    const AttributeValue shown = sensitive(key) ? AttributeValue(redacted_value) : value;
    bool replaced = false;
    for (std::size_t i = own; i < out.size() && !replaced; ++i)
      if (out[i].key == name) {
        out[i].value = shown;
        replaced = true;
      }
    if (!replaced)
      out.push_back({name, shown});
  }
}

} // namespace telegen::detail
