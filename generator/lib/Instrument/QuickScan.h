//===- QuickScan.h - Does a file need parsing at all? -----------*- C++ -*-===//
//
// Most files of a service have nothing to instrument. Before parsing, list
// the files a translation unit includes with Clang's dependency scanner
// (which preprocesses only the directives, as clang-scan-deps does) and look
// for telegen's annotations in their text. A file none of whose inputs
// mentions one is untouched, and costs a few milliseconds instead of a parse.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_QUICKSCAN_H
#define TELEGEN_INSTRUMENT_QUICKSCAN_H

#include "Schema/Model.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace telegen {

struct QuickScanResult {
  /// Every file the translation unit reads, the source first.
  std::vector<std::string> Dependencies;
  /// Some input mentions a telegen annotation, or the source itself a
  /// context boundary (std::thread, std::async, posix_spawn, ...): the file
  /// must be parsed.
  bool MentionsTelegen = false;
};

/// With a Schema, a file is also parsed when one of its inputs spells a name
/// a rule may match, or its source calls one of the schema's propagation
/// boundaries.
llvm::Expected<QuickScanResult>
quickScan(const clang::tooling::CompileCommand &Command,
          const schema::Model *Schema);

/// The compile command Database gives for Source, adjusted as telegen parses:
/// syntax only, telegen's macro defined, Clang's own resource headers. When
/// the database has no command for Source but has one for CompiledAs (the
/// instrumented copy the build compiles instead of it, with the flags Source
/// would have had), that command is used with Source in its place.
llvm::Expected<clang::tooling::CompileCommand>
telegenCompileCommand(const clang::tooling::CompilationDatabase &Database,
                      llvm::StringRef Source, llvm::StringRef CompiledAs = "");

} // namespace telegen

#endif
