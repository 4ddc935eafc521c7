//===- ScalarSource.cpp - Where each byte of a YAML scalar's value was written
//-===//
#include "Schema/ScalarSource.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

/// The value being rebuilt, with the source of each byte.
struct Mapped {
  std::string Text;
  std::vector<const char *> From;

  void add(char C, const char *At) {
    Text += C;
    From.push_back(At);
  }
  /// Bytes that all come from At (an escape sequence's).
  void add(StringRef S, const char *At) {
    for (char C : S)
      add(C, At);
  }
  /// Bytes copied from the file as they are.
  void copy(StringRef S) {
    for (const char &C : S)
      add(C, &C);
  }
  void dropTrailingBlanks() {
    while (!Text.empty() && (Text.back() == ' ' || Text.back() == '\t')) {
      Text.pop_back();
      From.pop_back();
    }
  }
};

bool isBlank(char C) { return C == ' ' || C == '\t'; }

/// The character a double-quoted escape stands for, as UTF-8; empty for an
/// escape this does not know (the caller then gives up mapping).
std::string unescape(StringRef Body, size_t &Length) {
  Length = 1;
  auto CodePoint = [&](size_t Digits) -> std::string {
    unsigned Value = 0;
    if (Body.size() < 1 + Digits ||
        Body.substr(1, Digits).getAsInteger(16, Value))
      return "";
    Length = 1 + Digits;
    char Buffer[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
    char *End = Buffer;
    if (!ConvertCodePointToUTF8(Value, End))
      return "";
    return std::string(Buffer, End);
  };
  switch (Body.empty() ? 0 : Body[0]) {
  case '0':
    return std::string(1, '\0');
  case 'a':
    return "\a";
  case 'b':
    return "\b";
  case 't':
  case '\t':
    return "\t";
  case 'n':
    return "\n";
  case 'v':
    return "\v";
  case 'f':
    return "\f";
  case 'r':
    return "\r";
  case 'e':
    return "\x1b";
  case ' ':
    return " ";
  case '"':
    return "\"";
  case '/':
    return "/";
  case '\\':
    return "\\";
  case 'N':
    return "\xc2\x85";
  case '_':
    return "\xc2\xa0";
  case 'L':
    return "\xe2\x80\xa8";
  case 'P':
    return "\xe2\x80\xa9";
  case 'x':
    return CodePoint(2);
  case 'u':
    return CodePoint(4);
  case 'U':
    return CodePoint(8);
  default:
    return "";
  }
}

/// A flow scalar's content (inside its quotes): escapes and line folding.
/// Quote is 0, '\'' or '"'.
bool mapFlow(StringRef Raw, char Quote, Mapped &Out) {
  size_t I = 0;
  while (I < Raw.size()) {
    char C = Raw[I];
    if (C == '\r' || C == '\n') {
      // A line break: blanks around it go; one break folds to a space,
      // more keep all but the first as line feeds.
      const char *Break = Raw.data() + I;
      Out.dropTrailingBlanks();
      unsigned Breaks = 0;
      while (I < Raw.size() &&
             (Raw[I] == '\r' || Raw[I] == '\n' || isBlank(Raw[I]))) {
        if (Raw[I] == '\n')
          ++Breaks;
        ++I;
      }
      if (Breaks <= 1)
        Out.add(' ', Break);
      else
        for (unsigned B = 1; B < Breaks; ++B)
          Out.add('\n', Break);
      continue;
    }
    if (Quote == '\'' && C == '\'' && I + 1 < Raw.size() &&
        Raw[I + 1] == '\'') {
      Out.add('\'', Raw.data() + I);
      I += 2;
      continue;
    }
    if (Quote == '"' && C == '\\') {
      StringRef Body = Raw.substr(I + 1);
      if (!Body.empty() && (Body[0] == '\n' || Body[0] == '\r')) {
        // An escaped line break joins the lines without a space.
        I += 1;
        while (I < Raw.size() &&
               (Raw[I] == '\r' || Raw[I] == '\n' || isBlank(Raw[I])))
          ++I;
        continue;
      }
      size_t Length = 0;
      std::string Char = unescape(Body, Length);
      if (Char.empty())
        return false;
      Out.add(Char, Raw.data() + I);
      I += 1 + Length;
      continue;
    }
    Out.add(C, Raw.data() + I);
    ++I;
  }
  return true;
}

/// A literal block ('|'): its lines (LLVM's range starts after the
/// header), without their indentation, each ending in a line feed. A folded
/// block ('>') maps the same way and then fails the comparison with its
/// value.
bool mapLiteralBlock(StringRef Body, Mapped &Out) {
  // The first line with content sets the indentation (an explicit
  // indentation indicator, rare, is relative to the parent: a mapping that
  // does not reproduce the value then falls back).
  size_t Indent = 0;
  SmallVector<StringRef, 8> Lines;
  Body.split(Lines, '\n');
  for (StringRef Line : Lines)
    if (!Line.trim(" \r").empty()) {
      Indent = Line.find_first_not_of(' ');
      break;
    }
  for (StringRef Line : Lines) {
    StringRef Content = Line.rtrim('\r');
    Content = Content.size() > Indent ? Content.drop_front(Indent) : "";
    Out.copy(Content);
    Out.add('\n', Line.data() + Line.size());
  }
  return true;
}

} // namespace

std::vector<const char *> scalarSource(const yaml::Node &N, StringRef Value) {
  Mapped Out;
  bool Ok = false;
  StringRef Start;
  // Where the value ends: before a closing quote, after a plain scalar.
  const char *End = nullptr;
  if (const auto *S = dyn_cast<yaml::ScalarNode>(&N)) {
    StringRef Raw = S->getRawValue();
    Start = Raw;
    bool Quoted = Raw.starts_with("'") || Raw.starts_with("\"");
    if (Quoted) {
      Ok =
          Raw.size() >= 2 && mapFlow(Raw.drop_front().drop_back(), Raw[0], Out);
      End = Raw.end() - 1;
    } else {
      Ok = mapFlow(Raw, 0, Out);
      Out.dropTrailingBlanks();
      End = Raw.rtrim(" \t").end();
    }
  } else if (isa<yaml::BlockScalarNode>(&N)) {
    SMRange Range = N.getSourceRange();
    StringRef Raw(Range.Start.getPointer(),
                  Range.End.getPointer() - Range.Start.getPointer());
    Start = Raw;
    Ok = mapLiteralBlock(Raw, Out);
    // Chomping keeps fewer line feeds at the end than the lines have.
    while (Ok && Out.Text.size() > Value.size() && Out.Text.back() == '\n') {
      Out.Text.pop_back();
      Out.From.pop_back();
    }
  }
  if (Ok && Out.Text == Value) {
    if (!End)
      End = Out.From.empty() ? Start.data() : Out.From.back() + 1;
    Out.From.push_back(End);
    return Out.From;
  }
  return std::vector<const char *>(Value.size() + 1, Start.data());
}

} // namespace schema
} // namespace telegen
