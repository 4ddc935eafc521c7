//===- MappedText.h - A string and where each of its bytes was written -*- C++
//-*-===//
//
// A value read from a file whose own syntax is checked later (a PromQL
// expression in a YAML scalar): findings about a part of it point at the
// line and column that part was written at, through YAML's quoting,
// escapes and line folding.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_MAPPEDTEXT_H
#define TELEGEN_SUPPORT_MAPPEDTEXT_H

#include "Support/Diagnostic.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace telegen {

struct MappedText {
  std::string Text;
  std::string File;
  /// The line and column of each byte of Text, and one more for its end.
  std::vector<std::pair<unsigned, unsigned>> Positions;

  /// The location of Text[Begin, End): highlighted when it stays on one
  /// line, a caret at its start otherwise.
  Location locate(size_t Begin, size_t End) const;
};

} // namespace telegen

#endif
