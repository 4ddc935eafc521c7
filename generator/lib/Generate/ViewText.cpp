//===- ViewText.cpp - Text shaped for generated code ----------------------===//
#include "Generate/ViewText.h"

#include "Check/CppNames.h"

#include "llvm/ADT/SmallVector.h"
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

} // namespace generate
} // namespace telegen
