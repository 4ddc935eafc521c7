//===- Instrumenter.h - Instrument one translation unit ---------*- C++ -*-===//
//
// The library entry point of `telegen instrument`: parse a source file with
// Clang using its own compile flags, match what to trace, and produce the
// instrumented copy. Only bodies in the main file are parsed in full; the
// bodies of functions in headers are skipped, which is most of the work of
// an ordinary compile.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_INSTRUMENTER_H
#define TELEGEN_INSTRUMENT_INSTRUMENTER_H

#include "Instrument/InstrumentModel.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <string>

namespace telegen {

struct InstrumentResult {
  InstrumentModel Model;
  /// The instrumented source; empty when nothing in the file is instrumented.
  std::string Text;
  unsigned Errors = 0;
  unsigned Warnings = 0;
};

/// Instruments the file Command compiles; Command comes from
/// telegenCompileCommand(). Diagnostics are printed to stderr as clang prints
/// them. Returns an error only when the file could not be parsed at all;
/// problems in the code are counted in the result.
llvm::Expected<InstrumentResult>
instrumentFile(const clang::tooling::CompileCommand &Command);

} // namespace telegen

#endif
