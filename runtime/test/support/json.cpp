#include "json.hpp"

#include <cstdlib>

namespace telegen::test {
namespace {

class Parser {
public:
  explicit Parser(std::string_view text) : text_(text) {}

  Json document() {
    Json value = parse_value();
    skip_space();
    if (at_ != text_.size())
      fail("trailing characters");
    return value;
  }

private:
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("invalid JSON at offset " + std::to_string(at_) + ": " + what);
  }
  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }
  char peek() {
    skip_space();
    if (at_ >= text_.size())
      fail("unexpected end");
    return text_[at_];
  }
  void expect(char c) {
    if (peek() != c)
      fail(std::string("expected '") + c + "'");
    ++at_;
  }
  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word)
      return false;
    at_ += word.size();
    return true;
  }

  Json parse_value() {
    const char c = peek();
    if (c == '{')
      return parse_object();
    if (c == '[')
      return parse_array();
    if (c == '"')
      return Json{parse_string()};
    if (literal("true"))
      return Json{true};
    if (literal("false"))
      return Json{false};
    if (literal("null"))
      return Json{nullptr};
    return parse_number();
  }

  Json parse_object() {
    expect('{');
    auto object = std::make_shared<JsonObject>();
    if (peek() == '}') {
      ++at_;
      return Json{object};
    }
    for (;;) {
      if (peek() != '"')
        fail("expected a key");
      std::string key = parse_string();
      for (const auto& [k, v] : *object)
        if (k == key)
          fail("duplicate key " + key);
      expect(':');
      object->emplace_back(std::move(key), parse_value());
      if (peek() == ',') {
        ++at_;
        continue;
      }
      expect('}');
      return Json{object};
    }
  }

  Json parse_array() {
    expect('[');
    auto array = std::make_shared<JsonArray>();
    if (peek() == ']') {
      ++at_;
      return Json{array};
    }
    for (;;) {
      array->push_back(parse_value());
      if (peek() == ',') {
        ++at_;
        continue;
      }
      expect(']');
      return Json{array};
    }
  }

  void append_utf8(std::string& out, unsigned code) {
    if (code < 0x80) {
      out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
      out.push_back(static_cast<char>(0xC0 | code >> 6));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | code >> 12));
      out.push_back(static_cast<char>(0x80 | (code >> 6 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | code >> 18));
      out.push_back(static_cast<char>(0x80 | (code >> 12 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code >> 6 & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
  }

  unsigned hex4() {
    if (at_ + 4 > text_.size())
      fail("short \\u escape");
    unsigned code = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = text_[at_++];
      code <<= 4;
      if (h >= '0' && h <= '9')
        code |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f')
        code |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        code |= static_cast<unsigned>(h - 'A' + 10);
      else
        fail("bad \\u escape");
    }
    return code;
  }

  std::string parse_string() {
    expect('"');
    std::string out;
    for (;;) {
      if (at_ >= text_.size())
        fail("unterminated string");
      const char c = text_[at_++];
      if (c == '"')
        return out;
      if (static_cast<unsigned char>(c) < 0x20)
        fail("control character in string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_ >= text_.size())
        fail("unterminated escape");
      switch (const char e = text_[at_++]) {
      case '"':
        out.push_back('"');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        unsigned code = hex4();
        if (code >= 0xD800 && code <= 0xDBFF && text_.substr(at_, 2) == "\\u") {
          at_ += 2;
          const unsigned low = hex4();
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, code);
        break;
      }
      default:
        fail(std::string("bad escape \\") + e);
      }
    }
  }

  Json parse_number() {
    const std::size_t start = at_;
    if (at_ < text_.size() && text_[at_] == '-')
      ++at_;
    while (at_ < text_.size() &&
           std::string_view("0123456789.eE+-").find(text_[at_]) != std::string_view::npos)
      ++at_;
    if (start == at_)
      fail("unexpected character");
    const std::string number(text_.substr(start, at_ - start));
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size())
      fail("bad number " + number);
    return Json{value};
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

} // namespace

Json parse_json(std::string_view text) { return Parser(text).document(); }

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.obj())
    keys.push_back(key);
  return keys;
}

} // namespace telegen::test
