//===- JsonLine.cpp - One JSONL record, with where each member is ---------===//
#include "Validate/JsonLine.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/ConvertUTF.h"

using namespace llvm;

namespace telegen {
namespace validate {
namespace {

constexpr unsigned MaxDepth = 64;

bool isDigit(char C) { return C >= '0' && C <= '9'; }

int hexValue(char C) {
  if (C >= '0' && C <= '9')
    return C - '0';
  if (C >= 'a' && C <= 'f')
    return C - 'a' + 10;
  if (C >= 'A' && C <= 'F')
    return C - 'A' + 10;
  return -1;
}

void appendUtf8(std::string &Out, unsigned CodePoint) {
  char Buffer[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
  char *End = Buffer;
  if (!ConvertCodePointToUTF8(CodePoint, End))
    ConvertCodePointToUTF8(UNI_REPLACEMENT_CHAR, End);
  Out.append(Buffer, End);
}

std::string shown(char C) {
  unsigned char U = C;
  if (U >= 0x20 && U < 0x7F)
    return std::string("'") + C + "'";
  char Buffer[8];
  snprintf(Buffer, sizeof Buffer, "0x%02X", U);
  return Buffer;
}

} // namespace

StringRef describe(JsonKind Kind) {
  switch (Kind) {
  case JsonKind::Null:
    return "null";
  case JsonKind::Bool:
    return "a bool";
  case JsonKind::Integer:
    return "an integer";
  case JsonKind::Number:
    return "a number";
  case JsonKind::String:
    return "a string";
  case JsonKind::Array:
    return "an array";
  case JsonKind::Object:
    return "an object";
  }
  llvm_unreachable("unknown JSON kind");
}

const JsonMember *JsonLine::find(StringRef Key) const {
  for (const JsonMember &M : Members)
    if (M.Key == Key)
      return &M;
  return nullptr;
}

bool JsonLine::fail(size_t At, const Twine &Message) {
  Error.Offset = At;
  Error.Message = Message.str();
  return false;
}

void JsonLine::skipSpace() {
  while (Pos < Line.size() && (Line[Pos] == ' ' || Line[Pos] == '\t' ||
                               Line[Pos] == '\r' || Line[Pos] == '\n'))
    ++Pos;
}

bool JsonLine::parse(StringRef Text) {
  Line = Text;
  Pos = 0;
  Members.clear();
  skipSpace();
  if (Pos == Line.size())
    return fail(Pos, "the line is empty");
  if (Line[Pos] != '{')
    return fail(Pos,
                "a log record is a JSON object, but the line starts with " +
                    shown(Line[Pos]));
  ++Pos;
  skipSpace();
  if (Pos < Line.size() && Line[Pos] == '}') {
    ++Pos;
  } else {
    while (true) {
      skipSpace();
      if (Pos == Line.size())
        return fail(Pos, "the line ends inside the object");
      if (Line[Pos] != '"')
        return fail(Pos, "expected a key in double quotes, found " +
                             shown(Line[Pos]));
      JsonMember M;
      M.KeyOffset = Pos;
      if (!parseString(&M.Key))
        return false;
      skipSpace();
      if (Pos == Line.size())
        return fail(Pos, "the line ends inside the object");
      if (Line[Pos] != ':')
        return fail(Pos,
                    "expected ':' after the key, found " + shown(Line[Pos]));
      ++Pos;
      skipSpace();
      M.ValueOffset = Pos;
      if (!parseValue(1, M.Kind, &M.Text))
        return false;
      M.ValueEnd = Pos;
      Members.push_back(std::move(M));
      skipSpace();
      if (Pos == Line.size())
        return fail(Pos, "the line ends inside the object");
      if (Line[Pos] == '}') {
        ++Pos;
        break;
      }
      if (Line[Pos] != ',')
        return fail(Pos, "expected ',' or '}' after a value, found " +
                             shown(Line[Pos]));
      ++Pos;
    }
  }
  skipSpace();
  if (Pos != Line.size())
    return fail(Pos, "unexpected " + shown(Line[Pos]) +
                         " after the object: one record per line");
  return true;
}

bool JsonLine::parseValue(unsigned Depth, JsonKind &Kind, std::string *Text) {
  if (Pos == Line.size())
    return fail(Pos, "the line ends where a value should be");
  char C = Line[Pos];
  switch (C) {
  case '"':
    Kind = JsonKind::String;
    return parseString(Text);
  case '{':
  case '[':
    Kind = C == '{' ? JsonKind::Object : JsonKind::Array;
    if (Depth >= MaxDepth)
      return fail(Pos,
                  "values nest deeper than " + Twine(MaxDepth) + " levels");
    ++Pos;
    return parseContainer(Depth + 1, C == '{' ? '}' : ']');
  case 't':
  case 'f':
    Kind = JsonKind::Bool;
    if (!parseLiteral(C == 't' ? "true" : "false"))
      return false;
    if (Text)
      *Text = C == 't' ? "true" : "false";
    return true;
  case 'n':
    Kind = JsonKind::Null;
    return parseLiteral("null");
  default:
    if (C == '-' || isDigit(C))
      return parseNumber(Kind, Text);
    return fail(Pos, "expected a value, found " + shown(C));
  }
}

bool JsonLine::parseLiteral(StringRef Word) {
  if (!Line.substr(Pos).starts_with(Word))
    return fail(Pos, "expected '" + Word + "'");
  Pos += Word.size();
  return true;
}

bool JsonLine::parseNumber(JsonKind &Kind, std::string *Text) {
  size_t Start = Pos;
  Kind = JsonKind::Integer;
  if (Line[Pos] == '-')
    ++Pos;
  if (Pos == Line.size() || !isDigit(Line[Pos]))
    return fail(Pos, "expected a digit in the number");
  if (Line[Pos] == '0')
    ++Pos;
  else
    while (Pos < Line.size() && isDigit(Line[Pos]))
      ++Pos;
  if (Pos < Line.size() && Line[Pos] == '.') {
    Kind = JsonKind::Number;
    ++Pos;
    if (Pos == Line.size() || !isDigit(Line[Pos]))
      return fail(Pos, "expected a digit after the decimal point");
    while (Pos < Line.size() && isDigit(Line[Pos]))
      ++Pos;
  }
  if (Pos < Line.size() && (Line[Pos] == 'e' || Line[Pos] == 'E')) {
    Kind = JsonKind::Number;
    ++Pos;
    if (Pos < Line.size() && (Line[Pos] == '+' || Line[Pos] == '-'))
      ++Pos;
    if (Pos == Line.size() || !isDigit(Line[Pos]))
      return fail(Pos, "expected a digit in the exponent");
    while (Pos < Line.size() && isDigit(Line[Pos]))
      ++Pos;
  }
  if (Text)
    *Text = Line.slice(Start, Pos).str();
  return true;
}

bool JsonLine::parseString(std::string *Out) {
  size_t Start = Pos;
  ++Pos; // the opening quote
  if (Out)
    Out->clear();
  while (true) {
    if (Pos == Line.size())
      return fail(Start, "the string starting here does not end on this line");
    unsigned char C = Line[Pos];
    if (C == '"') {
      ++Pos;
      return true;
    }
    if (C < 0x20)
      return fail(Pos, "control character " + shown(C) +
                           " in a string; JSON writes it escaped");
    if (C == '\\') {
      if (Pos + 1 == Line.size())
        return fail(Start,
                    "the string starting here does not end on this line");
      char E = Line[Pos + 1];
      const char *Simple = nullptr;
      switch (E) {
      case '"':
        Simple = "\"";
        break;
      case '\\':
        Simple = "\\";
        break;
      case '/':
        Simple = "/";
        break;
      case 'b':
        Simple = "\b";
        break;
      case 'f':
        Simple = "\f";
        break;
      case 'n':
        Simple = "\n";
        break;
      case 'r':
        Simple = "\r";
        break;
      case 't':
        Simple = "\t";
        break;
      case 'u':
        break;
      default:
        return fail(Pos, "invalid escape: a backslash before " + shown(E));
      }
      if (Simple) {
        if (Out)
          Out->append(Simple);
        Pos += 2;
        continue;
      }
      unsigned Unit = 0;
      for (size_t I = Pos + 2; I < Pos + 6; ++I) {
        int V = I < Line.size() ? hexValue(Line[I]) : -1;
        if (V < 0)
          return fail(Pos, "'\\u' needs four hex digits");
        Unit = Unit * 16 + V;
      }
      Pos += 6;
      unsigned CodePoint = Unit;
      // A high surrogate followed by an escaped low one is one character;
      // a lone surrogate is valid JSON but no character.
      if (Unit >= 0xD800 && Unit < 0xDC00 &&
          Line.substr(Pos).starts_with("\\u")) {
        unsigned Low = 0;
        bool Hex = Pos + 6 <= Line.size();
        for (size_t I = Pos + 2; Hex && I < Pos + 6; ++I) {
          int V = hexValue(Line[I]);
          Hex = V >= 0;
          Low = Low * 16 + V;
        }
        if (Hex && Low >= 0xDC00 && Low < 0xE000) {
          CodePoint = 0x10000 + ((Unit - 0xD800) << 10) + (Low - 0xDC00);
          Pos += 6;
        }
      }
      if (CodePoint >= 0xD800 && CodePoint < 0xE000)
        CodePoint = UNI_REPLACEMENT_CHAR;
      if (Out)
        appendUtf8(*Out, CodePoint);
      continue;
    }
    if (C < 0x80) {
      if (Out)
        Out->push_back(C);
      ++Pos;
      continue;
    }
    unsigned Length = getNumBytesForUTF8(C);
    const auto *P = reinterpret_cast<const UTF8 *>(Line.data() + Pos);
    if (Pos + Length > Line.size() || !isLegalUTF8Sequence(P, P + Length))
      return fail(Pos, "invalid UTF-8 in a string");
    if (Out)
      Out->append(Line.data() + Pos, Length);
    Pos += Length;
  }
}

bool JsonLine::parseContainer(unsigned Depth, char Close) {
  bool IsObject = Close == '}';
  skipSpace();
  if (Pos < Line.size() && Line[Pos] == Close) {
    ++Pos;
    return true;
  }
  while (true) {
    skipSpace();
    if (Pos == Line.size())
      return fail(Pos, IsObject ? "the line ends inside an object"
                                : "the line ends inside an array");
    if (IsObject) {
      if (Line[Pos] != '"')
        return fail(Pos, "expected a key in double quotes, found " +
                             shown(Line[Pos]));
      if (!parseString(nullptr))
        return false;
      skipSpace();
      if (Pos == Line.size() || Line[Pos] != ':')
        return fail(Pos, "expected ':' after the key");
      ++Pos;
      skipSpace();
    }
    JsonKind Ignored;
    if (!parseValue(Depth, Ignored, nullptr))
      return false;
    skipSpace();
    if (Pos == Line.size())
      return fail(Pos, IsObject ? "the line ends inside an object"
                                : "the line ends inside an array");
    if (Line[Pos] == Close) {
      ++Pos;
      return true;
    }
    if (Line[Pos] != ',')
      return fail(Pos, "expected ',' or '" + Twine(Close) +
                           "' after a value, found " + shown(Line[Pos]));
    ++Pos;
  }
}

} // namespace validate
} // namespace telegen
