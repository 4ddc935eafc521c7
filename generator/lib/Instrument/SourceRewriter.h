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

/// An #include whose file name is replaced: the rewritten file lives
/// elsewhere, so it names its header by absolute path (the original, or the
/// header's own rewritten copy).
struct IncludeRewrite {
  unsigned Begin = 0; ///< offset of the opening quote or bracket
  unsigned End = 0;   ///< one past the closing one
  std::string Path;
};

/// What to change in one file.
struct FileEdits {
  /// The original file, which #line directives name.
  std::string Path;
  llvm::StringRef Text;
  /// Sorted by BodyBegin / Begin.
  std::vector<const InstrumentedFunction *> Functions;
  std::vector<const WrappedCall *> Calls;
  std::vector<IncludeRewrite> Includes;
  /// A system header instrumented on purpose: the copy declares itself one,
  /// so the compiler keeps the original's warnings hidden.
  bool SystemHeader = false;
};

/// The rewritten text of a file.
std::string rewriteFile(const FileEdits &File);

} // namespace telegen

#endif
