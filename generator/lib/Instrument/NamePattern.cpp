//===- NamePattern.cpp - Qualified-name patterns of schema rules ----------===//
#include "Instrument/NamePattern.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

using namespace llvm;

namespace telegen {

bool matchesComponentPattern(StringRef Pattern, StringRef Component) {
  // Greedy glob with one backtracking point per '*', linear in practice.
  size_t P = 0, C = 0, Star = StringRef::npos, Resume = 0;
  while (C < Component.size()) {
    if (P < Pattern.size() && Pattern[P] == '*') {
      Star = P++;
      Resume = C;
    } else if (P < Pattern.size() && Pattern[P] == Component[C]) {
      ++P;
      ++C;
    } else if (Star != StringRef::npos) {
      P = Star + 1;
      C = ++Resume;
    } else {
      return false;
    }
  }
  while (P < Pattern.size() && Pattern[P] == '*')
    ++P;
  return P == Pattern.size();
}

static bool matchComponents(ArrayRef<StringRef> Pattern, ArrayRef<StringRef> Name) {
  if (Pattern.empty())
    return Name.empty();
  if (Pattern.front() == "**") {
    for (size_t Skip = 0; Skip <= Name.size(); ++Skip)
      if (matchComponents(Pattern.drop_front(), Name.drop_front(Skip)))
        return true;
    return false;
  }
  return !Name.empty() && matchesComponentPattern(Pattern.front(), Name.front()) &&
         matchComponents(Pattern.drop_front(), Name.drop_front());
}

bool matchesNamePattern(StringRef Pattern, StringRef Name) {
  SmallVector<StringRef, 8> PatternParts, NameParts;
  Pattern.split(PatternParts, "::");
  Name.split(NameParts, "::");
  return matchComponents(PatternParts, NameParts);
}

StringRef lastComponentPattern(StringRef Pattern) {
  size_t Separator = Pattern.rfind("::");
  return Separator == StringRef::npos ? Pattern : Pattern.drop_front(Separator + 2);
}

} // namespace telegen
