#include "export/otlp/otlp_partial_success.hpp"

#include <charconv>

namespace telegen::detail {
namespace {

// Reads the protobuf wire format just far enough for the partial success.
class WireReader {
public:
  explicit WireReader(std::string_view bytes) : rest_(bytes) {}

  bool at_end() const { return rest_.empty(); }
  bool ok() const { return ok_; }

  std::uint64_t varint() {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (rest_.empty())
        break;
      const auto byte = static_cast<unsigned char>(rest_.front());
      rest_.remove_prefix(1);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0)
        return value;
    }
    ok_ = false;
    rest_ = {};
    return 0;
  }
  std::string_view take(std::uint64_t size) {
    if (size > rest_.size()) {
      ok_ = false;
      rest_ = {};
      return {};
    }
    const std::string_view bytes = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return bytes;
  }
  // Skips a field of wire type `type` that is of no interest.
  void skip(std::uint64_t type) {
    switch (type) {
    case 0:
      varint();
      break;
    case 1:
      take(8);
      break;
    case 2:
      take(varint());
      break;
    case 5:
      take(4);
      break;
    default:
      ok_ = false;
      rest_ = {};
    }
  }

private:
  std::string_view rest_;
  bool ok_ = true;
};

constexpr std::uint64_t varint_type = 0, length_type = 2;

std::string_view skip_space(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' ||
                           text.front() == '\r'))
    text.remove_prefix(1);
  return text;
}

// The text after `"key"` and its colon, or nothing.
std::optional<std::string_view> json_value_of(std::string_view body, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  const std::size_t at = body.find(quoted);
  if (at == std::string_view::npos)
    return std::nullopt;
  std::string_view rest = skip_space(body.substr(at + quoted.size()));
  if (rest.empty() || rest.front() != ':')
    return std::nullopt;
  return skip_space(rest.substr(1));
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// A JSON string literal at the start of `text`, unescaped (a surrogate pair
// becomes two replacement characters: this is for a message on stderr).
std::optional<std::string> json_string(std::string_view text) {
  if (text.empty() || text.front() != '"')
    return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"')
      return out;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i == text.size())
      break;
    switch (text[i]) {
    case 'n':
      out += '\n';
      break;
    case 't':
      out += '\t';
      break;
    case 'r':
      out += '\r';
      break;
    case 'b':
      out += '\b';
      break;
    case 'f':
      out += '\f';
      break;
    case 'u': {
      unsigned code = 0;
      if (i + 4 >= text.size() ||
          std::from_chars(text.data() + i + 1, text.data() + i + 5, code, 16).ptr !=
              text.data() + i + 5)
        return std::nullopt;
      append_utf8(out, code >= 0xD800 && code <= 0xDFFF ? 0xFFFD : code);
      i += 4;
      break;
    }
    default:
      out += text[i]; // \" \\ \/
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<PartialSuccess> partial_success_from_protobuf(std::string_view body) {
  WireReader response(body);
  std::optional<PartialSuccess> result;
  while (!response.at_end() && response.ok()) {
    const std::uint64_t tag = response.varint();
    if (tag != (1 << 3 | length_type)) {
      response.skip(tag & 7);
      continue;
    }
    WireReader partial(response.take(response.varint()));
    PartialSuccess found;
    while (!partial.at_end() && partial.ok()) {
      const std::uint64_t field_tag = partial.varint();
      if (field_tag == (1 << 3 | varint_type))
        found.rejected = static_cast<std::int64_t>(partial.varint());
      else if (field_tag == (2 << 3 | length_type))
        found.error_message = std::string(partial.take(partial.varint()));
      else
        partial.skip(field_tag & 7);
    }
    if (!partial.ok())
      return std::nullopt;
    result = std::move(found);
  }
  if (!response.ok())
    return std::nullopt;
  return result;
}

std::optional<PartialSuccess> partial_success_from_json(std::string_view body,
                                                        std::string_view rejected_key) {
  const std::optional<std::string_view> count = json_value_of(body, rejected_key);
  const std::optional<std::string_view> message = json_value_of(body, "errorMessage");
  if (!count && !message)
    return std::nullopt;
  PartialSuccess result;
  if (count) {
    std::string_view digits = *count;
    if (!digits.empty() && digits.front() == '"')
      digits.remove_prefix(1);
    std::from_chars(digits.data(), digits.data() + digits.size(), result.rejected);
  }
  if (message)
    result.error_message = json_string(*message).value_or("");
  return result;
}

} // namespace telegen::detail
