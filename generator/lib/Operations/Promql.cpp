//===- Promql.cpp - PromQL text for generated rules and panels ------------===//
#include "Operations/Promql.h"

#include "Support/Numbers.h"

#include "llvm/ADT/StringExtras.h"

#include <cstdio>
#include <cstdlib>

using namespace llvm;

namespace telegen {
namespace operations {

std::string promqlString(StringRef Text) {
  std::string Out = "\"";
  for (char C : Text) {
    if (C == '"' || C == '\\')
      Out += '\\';
    if (C == '\n') {
      Out += "\\n";
      continue;
    }
    Out += C;
  }
  return Out + "\"";
}

namespace {

std::string regexEscape(StringRef Value) {
  std::string Out;
  for (char C : Value) {
    if (StringRef(".^$*+?()[]{}|\\").contains(C))
      Out += '\\';
    Out += C;
  }
  return Out;
}

} // namespace

std::string valuesMatcher(StringRef Label, ArrayRef<std::string> Values) {
  if (Values.size() == 1)
    return Label.str() + "=" + promqlString(Values[0]);
  std::vector<std::string> Escaped;
  for (const std::string &V : Values)
    Escaped.push_back(regexEscape(V));
  return Label.str() + "=~" + promqlString(join(Escaped, "|"));
}

std::string bucketMatcher(double Bound) {
  return valuesMatcher("le", bucketBoundSpellings(Bound));
}

double roundRatio(double Value) {
  char Buffer[64];
  std::snprintf(Buffer, sizeof(Buffer), "%.12g", Value);
  return std::strtod(Buffer, nullptr);
}

std::string formatRatio(double Value) {
  return formatNumber(roundRatio(Value));
}

} // namespace operations
} // namespace telegen
