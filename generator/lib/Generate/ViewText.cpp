//===- ViewText.cpp - Text shaped for generated code ----------------------===//
#include "Generate/ViewText.h"

#include "Check/CppNames.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace telegen {
namespace generate {

std::string cppLiteral(StringRef Text) {
  return "\"" + cppnames::escapeString(Text) + "\"";
}

std::vector<std::string> commentLines(StringRef Help) {
  std::vector<std::string> Comment;
  Help = Help.trim();
  if (Help.empty())
    return Comment;
  SmallVector<StringRef, 4> Lines;
  Help.split(Lines, '\n');
  for (StringRef Line : Lines) {
    Line = Line.rtrim(" \t\r\\");
    Comment.push_back(Line.empty() ? "//" : ("// " + Line).str());
  }
  return Comment;
}

namespace {

bool isControl(char C) {
  return static_cast<unsigned char>(C) < 0x20 || C == 0x7f;
}

/// Text between double quotes, escaped as YAML and JSON both read it;
/// other control characters are written as ControlPrefix and two hex
/// digits (YAML's \x, JSON's \u00).
std::string doubleQuoted(StringRef Text, StringRef ControlPrefix) {
  std::string Out = "\"";
  for (char C : Text) {
    if (C == '"' || C == '\\')
      Out += {'\\', C};
    else if (C == '\n')
      Out += "\\n";
    else if (C == '\t')
      Out += "\\t";
    else if (C == '\r')
      Out += "\\r";
    else if (isControl(C))
      Out += ControlPrefix.str() +
             utohexstr(static_cast<unsigned char>(C), false, 2);
    else
      Out += C;
  }
  return Out + "\"";
}

/// Whether YAML reads Text unquoted as this very string: a name-like word
/// that is none of the words YAML 1.1 or 1.2 reads as a boolean or null.
bool isPlainYaml(StringRef Text) {
  static const StringRef Special[] = {"true", "false", "yes", "no",   "on",
                                      "off",  "y",     "n",   "null", "~"};
  return !Text.empty() && (isAlpha(Text[0]) || Text[0] == '_') &&
         all_of(Text,
                [](char C) {
                  return isAlnum(C) || StringRef("_.:/-").contains(C);
                }) &&
         !Text.ends_with(":") && !is_contained(Special, Text.lower());
}

} // namespace

std::string yamlString(StringRef Text) {
  if (isPlainYaml(Text))
    return Text.str();
  if (none_of(Text, isControl))
    return "'" + join(split(Text, '\''), "''") + "'";
  return doubleQuoted(Text, "\\x");
}

std::string jsonString(StringRef Text) { return doubleQuoted(Text, "\\u00"); }

std::string markdownCell(StringRef Text) {
  std::string Out;
  for (char C : Text.trim()) {
    if (C == '|')
      Out += "\\|";
    else if (C == '\n' || C == '\r')
      Out += ' ';
    else
      Out += C;
  }
  return Out;
}

} // namespace generate
} // namespace telegen
