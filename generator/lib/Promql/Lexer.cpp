//===- Lexer.cpp - PromQL's tokens ----------------------------------------===//
#include "Promql/Lexer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"

using namespace llvm;

namespace telegen {
namespace promql {

char SyntaxError::ID;

namespace {

bool isIdentifierStart(char C) { return isAlpha(C) || C == '_' || C == ':'; }
bool isIdentifierChar(char C) { return isAlnum(C) || C == '_' || C == ':'; }

class Lexer {
public:
  explicit Lexer(StringRef Text) : Text(Text) {}

  Expected<std::vector<Token>> run() {
    std::vector<Token> Tokens;
    while (true) {
      skipSpaceAndComments();
      if (Pos == Text.size()) {
        Tokens.push_back(make(Token::End, Pos));
        return Tokens;
      }
      Expected<Token> T = next();
      if (!T)
        return T.takeError();
      Tokens.push_back(std::move(*T));
    }
  }

private:
  void skipSpaceAndComments() {
    while (Pos < Text.size()) {
      if (isSpace(Text[Pos])) {
        ++Pos;
      } else if (Text[Pos] == '#') {
        while (Pos < Text.size() && Text[Pos] != '\n')
          ++Pos;
      } else {
        return;
      }
    }
  }

  Token make(Token::KindType Kind, size_t Begin) const {
    Token T;
    T.Kind = Kind;
    T.Text = Text.slice(Begin, Pos);
    T.At = {Begin, Pos};
    return T;
  }

  Error error(const Twine &Message, size_t Begin, size_t End) const {
    return make_error<SyntaxError>(Message.str(), TextRange{Begin, End});
  }

  Expected<Token> next() {
    size_t Begin = Pos;
    char C = Text[Pos];
    if (isDigit(C) ||
        (C == '.' && Pos + 1 < Text.size() && isDigit(Text[Pos + 1])))
      return numberOrDuration();
    // In a range or subquery, ':' separates the range from the step.
    if (C == ':' && InBrackets) {
      ++Pos;
      return make(Token::Colon, Begin);
    }
    if (isIdentifierStart(C)) {
      while (Pos < Text.size() && isIdentifierChar(Text[Pos]))
        ++Pos;
      return make(Token::Identifier, Begin);
    }
    if (C == '"' || C == '\'' || C == '`')
      return string(C);
    static const std::pair<char, Token::KindType> Punctuation[] = {
        {'(', Token::LeftParen},   {')', Token::RightParen},
        {'{', Token::LeftBrace},   {'}', Token::RightBrace},
        {'[', Token::LeftBracket}, {']', Token::RightBracket},
        {',', Token::Comma},       {':', Token::Colon},
        {'@', Token::AtSign}};
    for (auto [Char, Kind] : Punctuation)
      if (C == Char) {
        ++Pos;
        if (Kind == Token::LeftBracket || Kind == Token::RightBracket)
          InBrackets = Kind == Token::LeftBracket;
        return make(Kind, Begin);
      }
    for (StringRef Op : {"==", "!=", "<=", ">=", "=~", "!~", "+", "-", "*", "/",
                         "%", "^", "<", ">", "="})
      if (Text.substr(Pos).starts_with(Op)) {
        Pos += Op.size();
        return make(Token::Operator, Begin);
      }
    return error(formatv("unexpected character '{0}'", C), Begin, Begin + 1);
  }

  Expected<Token> numberOrDuration() {
    size_t Begin = Pos;
    auto Run = [&](function_ref<bool(char)> Accept) {
      while (Pos < Text.size() && Accept(Text[Pos]))
        ++Pos;
    };
    bool Hex = Text.substr(Pos).starts_with_insensitive("0x");
    if (Hex) {
      Pos += 2;
      Run(isHexDigit);
    } else {
      Run(isDigit);
      if (Pos < Text.size() && Text[Pos] == '.') {
        ++Pos;
        Run(isDigit);
      }
      if (Pos < Text.size() && (Text[Pos] == 'e' || Text[Pos] == 'E') &&
          Pos + 1 < Text.size() &&
          (isDigit(Text[Pos + 1]) ||
           ((Text[Pos + 1] == '+' || Text[Pos + 1] == '-') &&
            Pos + 2 < Text.size() && isDigit(Text[Pos + 2])))) {
        Pos += 2;
        Run(isDigit);
      }
    }
    if (Pos == Text.size() || !isIdentifierChar(Text[Pos])) {
      Token T = make(Token::Number, Begin);
      if (Hex && T.Text.size() == 2)
        return error("'0x' needs hexadecimal digits", Begin, Pos);
      return T;
    }
    // Digits followed by letters: a duration, checked by the parser.
    Pos = Begin;
    Run([](char C) { return isAlnum(C); });
    return make(Token::Duration, Begin);
  }

  Expected<Token> string(char Quote) {
    size_t Begin = Pos++;
    std::string Value;
    while (true) {
      if (Pos == Text.size() || (Quote != '`' && Text[Pos] == '\n'))
        return error("the string is not closed", Begin, Pos);
      char C = Text[Pos];
      if (C == Quote) {
        ++Pos;
        break;
      }
      if (C != '\\' || Quote == '`') {
        Value += C;
        ++Pos;
        continue;
      }
      if (Error E = unescape(Quote, Value))
        return E;
    }
    Token T = make(Token::String, Begin);
    T.Value = std::move(Value);
    return T;
  }

  /// One escape sequence after a backslash at Pos, as Go's strconv.Unquote
  /// reads them.
  Error unescape(char Quote, std::string &Value) {
    size_t Begin = Pos++;
    if (Pos == Text.size())
      return error("the string is not closed", Begin, Pos);
    char C = Text[Pos++];
    switch (C) {
    case 'a':
      Value += '\a';
      return Error::success();
    case 'b':
      Value += '\b';
      return Error::success();
    case 'f':
      Value += '\f';
      return Error::success();
    case 'n':
      Value += '\n';
      return Error::success();
    case 'r':
      Value += '\r';
      return Error::success();
    case 't':
      Value += '\t';
      return Error::success();
    case 'v':
      Value += '\v';
      return Error::success();
    case '\\':
      Value += '\\';
      return Error::success();
    default:
      break;
    }
    if (C == Quote) {
      Value += C;
      return Error::success();
    }
    auto Digits = [&](size_t Count, unsigned Radix) -> std::optional<unsigned> {
      StringRef D = Text.substr(Pos, Count);
      unsigned Result = 0;
      if (D.size() != Count || D.getAsInteger(Radix, Result))
        return std::nullopt;
      Pos += Count;
      return Result;
    };
    std::optional<unsigned> Code;
    bool Byte = false;
    if (C == 'x') {
      Code = Digits(2, 16);
      Byte = true;
    } else if (C >= '0' && C <= '7') {
      --Pos;
      Code = Digits(3, 8);
      Byte = Code && *Code <= 255;
      if (Code && !Byte)
        Code.reset();
    } else if (C == 'u') {
      Code = Digits(4, 16);
    } else if (C == 'U') {
      Code = Digits(8, 16);
    }
    if (!Code)
      return error("invalid escape sequence in the string", Begin, Pos);
    if (Byte) {
      Value += static_cast<char>(*Code);
      return Error::success();
    }
    char Buffer[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
    char *End = Buffer;
    if ((*Code >= 0xD800 && *Code <= 0xDFFF) ||
        !ConvertCodePointToUTF8(*Code, End))
      return error("the escape is not a Unicode code point", Begin, Pos);
    Value.append(Buffer, End);
    return Error::success();
  }

  StringRef Text;
  size_t Pos = 0;
  bool InBrackets = false;
};

} // namespace

Expected<std::vector<Token>> tokenize(StringRef Text) {
  return Lexer(Text).run();
}

} // namespace promql
} // namespace telegen
