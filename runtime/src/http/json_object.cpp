#include "http/json_object.hpp"

#include <charconv>
#include <cstdlib>

namespace telegen::detail {
namespace {

class Parser {
public:
  explicit Parser(std::string_view text) : text_(text) {}

  FlatJson parse() {
    FlatJson out;
    skip_space();
    if (!eat('{'))
      return fail("the body is not a JSON object (expected '{')");
    skip_space();
    if (eat('}'))
      return finish(std::move(out));
    for (;;) {
      skip_space();
      std::string name;
      if (!string(name))
        return fail("expected a member name in double quotes");
      skip_space();
      if (!eat(':'))
        return fail("expected ':' after \"" + name + "\"");
      skip_space();
      JsonScalar value;
      if (!scalar(value, name))
        return failed_;
      if (!out.members.emplace(name, std::move(value)).second)
        return fail("\"" + name + "\" is given twice");
      skip_space();
      if (eat('}'))
        return finish(std::move(out));
      if (!eat(','))
        return fail("expected ',' or '}'");
    }
  }

private:
  FlatJson finish(FlatJson out) {
    skip_space();
    if (at_ != text_.size())
      return fail("unexpected text after the object");
    return out;
  }

  FlatJson fail(std::string what) {
    failed_.members.clear();
    failed_.error = what + " at byte " + std::to_string(at_);
    return failed_;
  }

  void skip_space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  bool eat(char c) {
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }

  bool literal(std::string_view word) {
    if (text_.substr(at_, word.size()) != word)
      return false;
    at_ += word.size();
    return true;
  }

  // A string without \u escapes beyond ASCII: the API's values are names.
  bool string(std::string& out) {
    if (!eat('"'))
      return false;
    while (at_ < text_.size()) {
      const char c = text_[at_++];
      if (c == '"')
        return true;
      if (static_cast<unsigned char>(c) < 0x20)
        return false;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_ >= text_.size())
        return false;
      const char escaped = text_[at_++];
      constexpr std::string_view from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
      const std::size_t i = from.find(escaped);
      if (i == std::string_view::npos)
        return false;
      out.push_back(to[i]);
    }
    return false;
  }

  bool scalar(JsonScalar& value, const std::string& name) {
    const auto bad = [&](const char* what) {
      fail("\"" + name + "\" " + what);
      return false;
    };
    if (at_ >= text_.size())
      return bad("has no value");
    const char c = text_[at_];
    if (c == '{' || c == '[')
      return bad("is an object or array; give a string, number, true, false or null");
    if (c == '"') {
      std::string text;
      if (!string(text))
        return bad("is a malformed string");
      value = std::move(text);
      return true;
    }
    if (literal("true")) {
      value = true;
      return true;
    }
    if (literal("false")) {
      value = false;
      return true;
    }
    if (literal("null")) {
      value = JsonNull{};
      return true;
    }
    const std::size_t start = at_;
    while (at_ < text_.size() &&
           std::string_view("+-.0123456789eE").find(text_[at_]) != std::string_view::npos)
      ++at_;
    const std::string number(text_.substr(start, at_ - start));
    char* end = nullptr;
    const double parsed = number.empty() ? 0 : std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size())
      return bad("is not a string, number, true, false or null");
    value = parsed;
    return true;
  }

  std::string_view text_;
  std::size_t at_ = 0;
  FlatJson failed_;
};

} // namespace

FlatJson parse_flat_json(std::string_view text) { return Parser(text).parse(); }

} // namespace telegen::detail
