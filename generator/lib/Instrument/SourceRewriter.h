//===- SourceRewriter.h - Write the instrumented copy of a file -*- C++ -*-===//
//
// Applies the planned insertions to the main file's text. Every inserted
// block of lines is followed by a #line directive (and the original column's
// indentation) so that compiler diagnostics, debuggers and coverage keep
// pointing at the original file, line and column.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_SOURCEREWRITER_H
#define TELEGEN_INSTRUMENT_SOURCEREWRITER_H

#include "Instrument/InstrumentModel.h"

#include <string>
#include <vector>

namespace telegen {

/// A quoted #include of the main file, found next to it: the instrumented
/// copy lives elsewhere, so it names the header by its absolute path.
struct IncludeRewrite {
  unsigned Begin = 0; ///< offset of the opening quote
  unsigned End = 0;   ///< one past the closing quote
  std::string AbsolutePath;
};

/// The instrumented text of Source. Model.Functions must be sorted by
/// BodyBegin; Model.MainFile is the path #line directives name.
std::string rewriteSource(llvm::StringRef Source, const InstrumentModel &Model,
                          const std::vector<IncludeRewrite> &Includes);

} // namespace telegen

#endif
