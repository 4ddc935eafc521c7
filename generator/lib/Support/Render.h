//===- Render.h - Findings as text, JSON, SARIF or GitHub annotations -*- C++
//-*-===//
//
// Every command reports its findings through these renderers, so the formats
// are the same everywhere:
//   text    clang's format: file:line:col: severity: message [check], then
//           the source line and a caret (colors only on a terminal)
//   json    one object: the findings and a summary
//   sarif   SARIF 2.1.0, for code-scanning uploads
//   github  GitHub Actions workflow commands (::error file=...::message)
//
// Usage:
//   Report R{Diags.all(), Files, Catalog};
//   render(OutputFormat::Sarif, R, llvm::outs());
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_RENDER_H
#define TELEGEN_SUPPORT_RENDER_H

#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

namespace telegen {

enum class OutputFormat { Text, Json, Sarif, Github };

struct Report {
  llvm::ArrayRef<Diagnostic> Diagnostics;
  /// The files the findings point into, for source lines and columns.
  const SourceFiles &Files;
  /// Every check the command can report; SARIF publishes them as rules.
  llvm::ArrayRef<const CheckInfo *> Checks;
};

void renderText(const Report &R, llvm::raw_ostream &OS);
void renderJson(const Report &R, llvm::raw_ostream &OS);
void renderSarif(const Report &R, llvm::raw_ostream &OS);
void renderGithub(const Report &R, llvm::raw_ostream &OS);

void render(OutputFormat Format, const Report &R, llvm::raw_ostream &OS);

} // namespace telegen

#endif
