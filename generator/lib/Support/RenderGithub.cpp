//===- RenderGithub.cpp - Findings as GitHub workflow commands ------------===//
//
//   ::error
//   file=t.yaml,line=12,col=7,endColumn=20,title=naming.counter-total::counter
//   'x' ...
//
// GitHub Actions turns these lines on stdout into annotations on the pull
// request. Notes follow the message on lines of their own.
//
//===----------------------------------------------------------------------===//
#include "Support/Render.h"

#include <string>

using namespace llvm;

namespace telegen {
namespace {

/// Escapes a command's message, as the Actions runner expects.
std::string escapeData(StringRef Text) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '%':
      Out += "%25";
      break;
    case '\r':
      Out += "%0D";
      break;
    case '\n':
      Out += "%0A";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

/// Escapes a command's property value, which also may not hold ':' or ','.
std::string escapeProperty(StringRef Text) {
  std::string Out;
  for (char C : escapeData(Text)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

StringRef commandFor(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "notice";
  }
  llvm_unreachable("unknown severity");
}

std::string describe(const Location &Loc) {
  std::string Text = Loc.File;
  if (Loc.Line)
    Text += ":" + std::to_string(Loc.Line) + ":" + std::to_string(Loc.Column);
  return Text;
}

} // namespace

void renderGithub(const Report &R, raw_ostream &OS) {
  for (const Diagnostic &D : R.Diagnostics) {
    OS << "::" << commandFor(D.Level) << " file=" << escapeProperty(D.Loc.File);
    if (D.Loc.Line) {
      OS << ",line=" << D.Loc.Line << ",col=" << D.Loc.Column;
      if (D.Loc.EndColumn)
        OS << ",endColumn=" << D.Loc.EndColumn;
    }
    if (D.Check)
      OS << ",title=" << escapeProperty(D.Check->Id);
    std::string Message = D.Message;
    for (const DiagnosticNote &N : D.Notes)
      Message += "\nnote: " +
                 (N.Loc.isValid() ? describe(N.Loc) + ": " : std::string()) +
                 N.Message;
    OS << "::" << escapeData(Message) << '\n';
  }
}

} // namespace telegen
