//===- Duration.cpp - Prometheus durations --------------------------------===//
#include "Support/Duration.h"

#include "llvm/ADT/StringExtras.h"

#include <limits>

using namespace llvm;

namespace telegen {
namespace {

struct Unit {
  StringRef Name;
  uint64_t Milliseconds;
};

// Largest first: the order Prometheus requires and writes them in.
constexpr Unit Units[] = {{"y", 365 * 24 * 3600 * 1000ULL},
                          {"w", 7 * 24 * 3600 * 1000ULL},
                          {"d", 24 * 3600 * 1000ULL},
                          {"h", 3600 * 1000ULL},
                          {"m", 60 * 1000ULL},
                          {"s", 1000ULL},
                          {"ms", 1ULL}};

} // namespace

std::optional<uint64_t> parseDuration(StringRef Text) {
  if (Text == "0")
    return 0;
  if (Text.empty())
    return std::nullopt;
  uint64_t Total = 0;
  size_t NextUnit = 0;
  while (!Text.empty()) {
    StringRef Digits = Text.take_while(isDigit);
    Text = Text.drop_front(Digits.size());
    StringRef Name = Text.take_while(isAlpha);
    Text = Text.drop_front(Name.size());
    uint64_t Count = 0;
    if (Digits.empty() || Digits.getAsInteger(10, Count))
      return std::nullopt;
    size_t U = NextUnit;
    while (U < std::size(Units) && Units[U].Name != Name)
      ++U;
    if (U == std::size(Units))
      return std::nullopt; // unknown, repeated or out of order
    NextUnit = U + 1;
    const uint64_t Max = std::numeric_limits<int64_t>::max();
    if (Count > (Max - Total) / Units[U].Milliseconds)
      return std::nullopt;
    Total += Count * Units[U].Milliseconds;
  }
  return Total;
}

std::string formatDuration(uint64_t Milliseconds) {
  if (Milliseconds == 0)
    return "0s";
  std::string Text;
  for (const Unit &U : Units) {
    // Years and weeks only when they are whole: 30d, not 4w2d.
    bool Whole = Milliseconds % U.Milliseconds == 0;
    if ((U.Name == "y" || U.Name == "w") && !(Whole && Text.empty()))
      continue;
    if (Milliseconds >= U.Milliseconds) {
      Text += utostr(Milliseconds / U.Milliseconds) + U.Name.str();
      Milliseconds %= U.Milliseconds;
    }
  }
  return Text;
}

} // namespace telegen
