//===- Reporter.h - Diagnostics for the instrumenter ------------*- C++ -*-===//
//
// Thin helper over clang::DiagnosticsEngine so instrumenter findings print
// exactly like compiler diagnostics (file:line:col, source line, caret,
// ranges, fix-its) and count toward the tool's exit status.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_REPORTER_H
#define TELEGEN_INSTRUMENT_REPORTER_H

#include "clang/Basic/Diagnostic.h"

namespace telegen {

class Reporter {
public:
  explicit Reporter(clang::DiagnosticsEngine &Engine) : Engine(Engine) {}

  clang::DiagnosticBuilder error(clang::SourceLocation Loc,
                                 llvm::StringRef Message) {
    return report(clang::DiagnosticsEngine::Error, Loc, Message);
  }
  clang::DiagnosticBuilder warning(clang::SourceLocation Loc,
                                   llvm::StringRef Message) {
    return report(clang::DiagnosticsEngine::Warning, Loc, Message);
  }
  clang::DiagnosticBuilder note(clang::SourceLocation Loc,
                                llvm::StringRef Message) {
    return report(clang::DiagnosticsEngine::Note, Loc, Message);
  }

  bool hasErrors() const { return Engine.hasErrorOccurred(); }

private:
  clang::DiagnosticBuilder report(clang::DiagnosticsEngine::Level Level,
                                  clang::SourceLocation Loc,
                                  llvm::StringRef Message) {
    unsigned ID = Engine.getCustomDiagID(Level, "%0");
    return Engine.Report(Loc, ID) << Message;
  }

  clang::DiagnosticsEngine &Engine;
};

} // namespace telegen

#endif
