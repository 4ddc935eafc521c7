// The context in one string field: inject_field and extract_field.
#include "telegen/propagation.hpp"

#include <cstddef>

namespace telegen {
namespace {

constexpr char entry_separator = ';';

// Bytes written as they are; every other byte is %-escaped.
bool is_plain(char c) noexcept { return c > ' ' && c <= '~' && c != '%' && c != entry_separator; }

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

void append_encoded(std::string& out, std::string_view value) {
  constexpr char hex[] = "0123456789ABCDEF";
  for (char c : value) {
    if (is_plain(c)) {
      out.push_back(c);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    out.push_back('%');
    out.push_back(hex[byte >> 4]);
    out.push_back(hex[byte & 0xF]);
  }
}

// Appends the decoded value; false (and `out` partly written) when it has a
// malformed escape or a byte that is never written unescaped.
bool append_decoded(std::string& out, std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '%') {
      if (i + 2 >= value.size())
        return false;
      const int high = hex_value(value[i + 1]);
      const int low = hex_value(value[i + 2]);
      if (high < 0 || low < 0)
        return false;
      out.push_back(static_cast<char>(high << 4 | low));
      i += 2;
    } else if (is_plain(c)) {
      out.push_back(c);
    } else {
      return false;
    }
  }
  return true;
}

// Calls `visit(name, raw_value)` for each entry "name=value" of `field`;
// entries without '=' are skipped.
template <class Visit> void for_each_entry(std::string_view field, Visit&& visit) {
  while (!field.empty()) {
    const std::size_t end = field.find(entry_separator);
    const std::string_view entry = field.substr(0, end);
    field = end == std::string_view::npos ? std::string_view() : field.substr(end + 1);
    const std::size_t equals = entry.find('=');
    if (equals != std::string_view::npos)
      visit(entry.substr(0, equals), entry.substr(equals + 1));
  }
}

// A carrier over the field's text. A name given twice is joined with ','
// as HTTP joins repeated headers.
class FieldCarrier : public Carrier {
public:
  explicit FieldCarrier(std::string& field) noexcept : field_(field) {}

  std::string_view get(std::string_view name, std::string& scratch) const override {
    scratch.clear();
    bool found = false;
    std::string decoded;
    for_each_entry(field_, [&](std::string_view key, std::string_view value) {
      decoded.clear();
      if (key != name || !append_decoded(decoded, value))
        return;
      if (found)
        scratch.push_back(',');
      scratch += decoded;
      found = true;
    });
    return found ? std::string_view(scratch) : std::string_view();
  }

  void set(std::string_view name, std::string_view value) override {
    std::string kept;
    for_each_entry(field_, [&](std::string_view key, std::string_view raw) {
      if (key != name)
        append_entry(kept, key, raw);
    });
    std::string encoded;
    append_encoded(encoded, value);
    append_entry(kept, name, encoded);
    field_ = std::move(kept);
  }

private:
  static void append_entry(std::string& out, std::string_view name, std::string_view raw) {
    if (!out.empty())
      out.push_back(entry_separator);
    out.append(name);
    out.push_back('=');
    out.append(raw);
  }

  std::string& field_;
};

} // namespace

std::string inject_field(const Context& context) {
  std::string field;
  FieldCarrier carrier(field);
  inject(context, carrier);
  return field;
}

std::string inject_field() {
  std::string field;
  FieldCarrier carrier(field);
  inject(carrier);
  return field;
}

Context extract_field(std::string_view field) {
  std::string text(field);
  return extract(FieldCarrier(text));
}

} // namespace telegen
