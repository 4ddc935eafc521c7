//===- NamingRules.cpp - Prometheus and telegen naming rules --------------===//
#include "Check/NamingRules.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace telegen {
namespace naming {
namespace {

bool isLower(char C) { return C >= 'a' && C <= 'z'; }

struct UnitSpelling {
  StringRef Word;
  StringRef Base;
  /// Too common a word to be read as a unit inside a metric name.
  bool Ambiguous;
};

const UnitSpelling UnitSpellings[] = {
    {"s", "seconds", true},
    {"sec", "seconds", false},
    {"secs", "seconds", false},
    {"second", "seconds", false},
    {"ms", "seconds", false},
    {"msec", "seconds", false},
    {"msecs", "seconds", false},
    {"millis", "seconds", false},
    {"millisecond", "seconds", false},
    {"milliseconds", "seconds", false},
    {"us", "seconds", true},
    {"usec", "seconds", false},
    {"micros", "seconds", false},
    {"microseconds", "seconds", false},
    {"ns", "seconds", false},
    {"nsec", "seconds", false},
    {"nanos", "seconds", false},
    {"nanoseconds", "seconds", false},
    {"min", "seconds", true},
    {"mins", "seconds", false},
    {"minute", "seconds", false},
    {"minutes", "seconds", false},
    {"h", "seconds", true},
    {"hr", "seconds", false},
    {"hrs", "seconds", false},
    {"hour", "seconds", false},
    {"hours", "seconds", false},
    {"day", "seconds", false},
    {"days", "seconds", false},
    {"b", "bytes", true},
    {"byte", "bytes", false},
    {"kb", "bytes", false},
    {"kib", "bytes", false},
    {"kilobytes", "bytes", false},
    {"mb", "bytes", false},
    {"mib", "bytes", false},
    {"megabytes", "bytes", false},
    {"gb", "bytes", false},
    {"gib", "bytes", false},
    {"gigabytes", "bytes", false},
    {"pct", "ratio", false},
    {"percent", "ratio", false},
    {"percentage", "ratio", false},
    {"meter", "meters", false},
    {"km", "meters", false},
    {"cm", "meters", false},
    {"mm", "meters", false},
    {"gram", "grams", false},
    {"kg", "grams", false},
    {"mg", "grams", false},
    {"volt", "volts", false},
    {"ampere", "amperes", false},
    {"amps", "amperes", false},
    {"joule", "joules", false},
};

} // namespace

bool isPrometheusMetricName(StringRef Name) {
  return !Name.empty() && !isDigit(Name[0]) && all_of(Name, [](char C) {
    return isAlnum(C) || C == '_' || C == ':';
  });
}

bool isPrometheusLabelName(StringRef Name) {
  return !Name.empty() && !isDigit(Name[0]) &&
         all_of(Name, [](char C) { return isAlnum(C) || C == '_'; });
}

bool isSnakeCase(StringRef Name) {
  return !Name.empty() && isLower(Name[0]) && all_of(Name, [](char C) {
    return isLower(C) || isDigit(C) || C == '_';
  });
}

bool isDottedSnakeCase(StringRef Name) {
  SmallVector<StringRef, 4> Parts;
  Name.split(Parts, '.');
  return all_of(Parts, isSnakeCase);
}

std::string toSnakeCase(StringRef Name) {
  std::string Out;
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (isUpper(C)) {
      if (I > 0 && !Out.empty() && Out.back() != '_' &&
          (isLower(Name[I - 1]) || isDigit(Name[I - 1])))
        Out += '_';
      Out += toLower(C);
    } else if (isAlnum(C)) {
      Out += C;
    } else if (!Out.empty() && Out.back() != '_') {
      Out += '_';
    }
  }
  while (!Out.empty() && Out.back() == '_')
    Out.pop_back();
  if (!Out.empty() && isDigit(Out[0]))
    Out.insert(0, "n");
  return Out;
}

bool isBaseUnit(StringRef Unit) {
  return is_contained({"seconds", "bytes", "meters", "grams", "volts",
                       "amperes", "joules", "celsius", "ratio"},
                      Unit);
}

StringRef baseUnitFor(StringRef Word, bool InName) {
  for (const UnitSpelling &U : UnitSpellings)
    if (U.Word == Word && !(InName && U.Ambiguous))
      return U.Base;
  return "";
}

} // namespace naming
} // namespace telegen
