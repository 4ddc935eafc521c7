//===- MappedText.cpp - A string and where each of its bytes was written --===//
#include "Support/MappedText.h"

#include <algorithm>

namespace telegen {

Location MappedText::locate(size_t Begin, size_t End) const {
  Location Loc;
  if (Positions.empty())
    return Loc;
  Begin = std::min(Begin, Positions.size() - 1);
  End = std::max(Begin, std::min(End, Positions.size() - 1));
  Loc.File = File;
  std::tie(Loc.Line, Loc.Column) = Positions[Begin];
  if (End > Begin) {
    auto [LastLine, LastColumn] = Positions[End - 1];
    if (LastLine == Loc.Line && LastColumn >= Loc.Column)
      Loc.EndColumn = LastColumn + 1;
  }
  return Loc;
}

} // namespace telegen
