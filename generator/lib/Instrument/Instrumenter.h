//===- Instrumenter.h - Instrument one translation unit ---------*- C++ -*-===//
//
// The library entry point of `telegen instrument`: parse a source file with
// Clang using its own compile flags, match what to trace, and produce the
// instrumented copy. Only bodies in the main file are parsed in full; the
// bodies of functions in headers are skipped, which is most of the work of
// an ordinary compile. Functions defined in the project's headers are
// instrumented too: such a header gets a rewritten copy for this translation
// unit, and so does every header on the way to it.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_INSTRUMENTER_H
#define TELEGEN_INSTRUMENT_INSTRUMENTER_H

#include "Instrument/InstrumentModel.h"
#include "Schema/Model.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <string>

namespace telegen {

/// A header rewritten for this translation unit.
struct RewrittenHeader {
  std::string Original;
  /// Where the instrumented source includes it from (under HeaderDir).
  std::string Path;
  std::string Text;
};

struct InstrumentResult {
  InstrumentModel Model;
  /// The instrumented source; empty when nothing in the file is instrumented.
  std::string Text;
  /// Headers with instrumented definitions (templates, inline functions),
  /// and the headers that include them, rewritten; the instrumented source
  /// includes these instead of the originals. Sorted by Original.
  std::vector<RewrittenHeader> Headers;
  unsigned Errors = 0;
  unsigned Warnings = 0;
};

struct InstrumentOptions {
  /// Where rewritten headers go.
  std::string HeaderDir;
  /// Span names, kinds and attributes are checked against it, its rules
  /// instrument the functions they match and its propagation boundaries are
  /// wrapped; null without a schema.
  const schema::Model *Schema = nullptr;
  /// Absolute directories whose system headers are instrumented as the
  /// project's own (a library's include directory declared SYSTEM).
  std::vector<std::string> SystemHeaderDirs;
};

/// Where a header's rewritten copy goes: HeaderDir followed by the header's
/// absolute path, so copies never collide.
std::string rewrittenHeaderPath(llvm::StringRef HeaderDir,
                                llvm::StringRef Original);

/// Instruments the file Command compiles; Command comes from
/// telegenCompileCommand(). Diagnostics are printed to stderr as clang
/// prints them. Returns an error only when the file could not be parsed at
/// all; problems in the code are counted in the result.
llvm::Expected<InstrumentResult>
instrumentFile(const clang::tooling::CompileCommand &Command,
               const InstrumentOptions &Options);

} // namespace telegen

#endif
