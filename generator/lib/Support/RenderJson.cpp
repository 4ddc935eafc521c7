//===- RenderJson.cpp - Findings as one JSON object -----------------------===//
//
//   {"diagnostics": [{"severity": "error", "check": "naming.counter-total",
//     "message": "...", "file": "t.yaml", "line": 12, "column": 7,
//     "end_column": 20, "replacement": "x_total", "notes": [...]}],
//    "summary": {"errors": 1, "warnings": 0, "notes": 0}}
//
//===----------------------------------------------------------------------===//
#include "Support/Render.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace telegen {
namespace {

void writeLocation(json::OStream &J, const Location &Loc) {
  if (!Loc.isValid())
    return;
  J.attribute("file", Loc.File);
  if (!Loc.Line)
    return;
  J.attribute("line", Loc.Line);
  J.attribute("column", Loc.Column);
  if (Loc.EndColumn)
    J.attribute("end_column", Loc.EndColumn);
}

void writeDiagnostic(json::OStream &J, const Diagnostic &D) {
  J.object([&] {
    J.attribute("severity", severityName(D.Level));
    if (D.Check)
      J.attribute("check", D.Check->Id);
    J.attribute("message", D.Message);
    writeLocation(J, D.Loc);
    if (!D.Replacement.empty())
      J.attribute("replacement", D.Replacement);
    if (D.Notes.empty())
      return;
    J.attributeArray("notes", [&] {
      for (const DiagnosticNote &N : D.Notes)
        J.object([&] {
          J.attribute("message", N.Message);
          writeLocation(J, N.Loc);
        });
    });
  });
}

} // namespace

void renderJson(const Report &R, raw_ostream &OS) {
  json::OStream J(OS, /*IndentSize=*/2);
  unsigned Counts[3] = {0, 0, 0};
  J.object([&] {
    J.attributeArray("diagnostics", [&] {
      for (const Diagnostic &D : R.Diagnostics) {
        writeDiagnostic(J, D);
        ++Counts[static_cast<int>(D.Level)];
      }
    });
    J.attributeObject("summary", [&] {
      J.attribute("errors", Counts[static_cast<int>(Severity::Error)]);
      J.attribute("warnings", Counts[static_cast<int>(Severity::Warning)]);
      J.attribute("notes", Counts[static_cast<int>(Severity::Note)]);
    });
  });
  OS << '\n';
}

} // namespace telegen
