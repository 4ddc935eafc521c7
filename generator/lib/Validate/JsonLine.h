//===- JsonLine.h - One JSONL record, with where each member is -*- C++ -*-===//
//
// A strict JSON parser for one line of a log: the line must be one JSON
// object. Its top-level members keep their byte offsets, so a finding can
// point at the field it is about; nested arrays and objects are checked for
// syntax and skipped. Errors name the byte where the line stops being JSON.
//
// llvm::json does not give positions, hence this parser. Nesting is limited
// to 64 levels, so a hostile line cannot exhaust the stack.
//
// Not thread-safe; reuse one JsonLine for many lines (its storage is kept).
//
// Usage:
//   JsonLine Record;
//   if (!Record.parse(Line))
//     report(Record.error().Offset, Record.error().Message);
//   else if (const JsonMember *Level = Record.find("level"))
//     ... Level->Kind, Level->Text, Level->KeyOffset ...
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_VALIDATE_JSONLINE_H
#define TELEGEN_VALIDATE_JSONLINE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstddef>
#include <string>
#include <vector>

namespace telegen {
namespace validate {

enum class JsonKind { Null, Bool, Integer, Number, String, Array, Object };

/// "null", "a bool", "an integer", "a number", "a string", "an array",
/// "an object".
llvm::StringRef describe(JsonKind Kind);

struct JsonMember {
  /// Unescaped.
  std::string Key;
  /// Byte offsets into the line: the key's opening quote, the value's first
  /// byte and one past its last.
  size_t KeyOffset = 0;
  size_t ValueOffset = 0;
  size_t ValueEnd = 0;
  JsonKind Kind = JsonKind::Null;
  /// Strings unescaped; numbers and bools as written; empty for the rest.
  std::string Text;
};

struct JsonSyntaxError {
  size_t Offset = 0;
  std::string Message;
};

class JsonLine {
public:
  /// Parses Line as one JSON object. False when it is not one; error() then
  /// says why and where.
  bool parse(llvm::StringRef Line);

  /// The top-level members, in the order written.
  llvm::ArrayRef<JsonMember> members() const { return Members; }
  /// The first member named Key, or null.
  const JsonMember *find(llvm::StringRef Key) const;
  const JsonSyntaxError &error() const { return Error; }

private:
  bool fail(size_t At, const llvm::Twine &Message);
  void skipSpace();
  bool parseValue(unsigned Depth, JsonKind &Kind, std::string *Text);
  bool parseString(std::string *Out);
  bool parseNumber(JsonKind &Kind, std::string *Text);
  bool parseLiteral(llvm::StringRef Word);
  bool parseContainer(unsigned Depth, char Close);

  llvm::StringRef Line;
  size_t Pos = 0;
  std::vector<JsonMember> Members;
  JsonSyntaxError Error;
};

} // namespace validate
} // namespace telegen

#endif
