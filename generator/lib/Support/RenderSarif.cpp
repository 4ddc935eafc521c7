//===- RenderSarif.cpp - Findings as a SARIF 2.1.0 log --------------------===//
//
// One run of the telegen tool: its checks as rules, each finding as a result
// whose notes are related locations and whose replacement is a fix. Columns
// are converted to UTF-16 code units, SARIF's default column kind. SARIF's
// levels are named as our severities are, "note" included.
//
//===----------------------------------------------------------------------===//
#include "Support/Render.h"

#include "telegen/version.hpp"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <string>

using namespace llvm;

namespace telegen {
namespace {

/// A file name as a URI reference: relative paths stay relative (code
/// scanning resolves them against the repository), absolute ones become
/// file:// URIs.
std::string toUri(StringRef Path) {
  std::string Out = sys::path::is_absolute(Path) ? "file://" : "";
  for (unsigned char C : Path) {
    if (isAlnum(C) || StringRef("-._~/").contains(C)) {
      Out += C;
    } else {
      constexpr char Hex[] = "0123456789ABCDEF";
      Out += '%';
      Out += Hex[C >> 4];
      Out += Hex[C & 15];
    }
  }
  return Out;
}

/// The UTF-16 column of a 1-based byte column in a line.
unsigned utf16Column(StringRef Line, unsigned ByteColumn) {
  unsigned Units = 1;
  for (size_t I = 0; I + 1 < ByteColumn && I < Line.size(); ++I) {
    unsigned char C = Line[I];
    if ((C & 0xC0) == 0x80)
      continue;                 // continuation byte
    Units += C >= 0xF0 ? 2 : 1; // 4-byte sequences are surrogate pairs
  }
  return Units;
}

void writePhysicalLocation(json::OStream &J, const SourceFiles &Files,
                           const Location &Loc) {
  J.attributeObject("physicalLocation", [&] {
    J.attributeObject("artifactLocation",
                      [&] { J.attribute("uri", toUri(Loc.File)); });
    if (!Loc.Line)
      return;
    StringRef Line = Files.line(Loc.File, Loc.Line).value_or("");
    J.attributeObject("region", [&] {
      J.attribute("startLine", Loc.Line);
      J.attribute("startColumn", utf16Column(Line, Loc.Column));
      if (Loc.EndColumn)
        J.attribute("endColumn", utf16Column(Line, Loc.EndColumn));
    });
  });
}

void writeRules(json::OStream &J, ArrayRef<const CheckInfo *> Checks) {
  J.attributeArray("rules", [&] {
    for (const CheckInfo *C : Checks)
      J.object([&] {
        J.attribute("id", C->Id);
        J.attributeObject("shortDescription",
                          [&] { J.attribute("text", C->Summary); });
        J.attributeObject("defaultConfiguration", [&] {
          J.attribute("level", severityName(C->DefaultSeverity));
        });
      });
  });
}

void writeFix(json::OStream &J, const SourceFiles &Files, const Diagnostic &D) {
  J.attributeArray("fixes", [&] {
    J.object([&] {
      J.attributeObject("description", [&] {
        J.attribute("text", "Replace with '" + D.Replacement + "'");
      });
      J.attributeArray("artifactChanges", [&] {
        J.object([&] {
          J.attributeObject("artifactLocation",
                            [&] { J.attribute("uri", toUri(D.Loc.File)); });
          J.attributeArray("replacements", [&] {
            J.object([&] {
              StringRef Line = Files.line(D.Loc.File, D.Loc.Line).value_or("");
              J.attributeObject("deletedRegion", [&] {
                J.attribute("startLine", D.Loc.Line);
                J.attribute("startColumn", utf16Column(Line, D.Loc.Column));
                J.attribute("endColumn",
                            utf16Column(Line, D.Loc.EndColumn ? D.Loc.EndColumn
                                                              : D.Loc.Column));
              });
              J.attributeObject("insertedContent",
                                [&] { J.attribute("text", D.Replacement); });
            });
          });
        });
      });
    });
  });
}

void writeResult(json::OStream &J, const Report &R, const Diagnostic &D) {
  J.object([&] {
    if (D.Check) {
      J.attribute("ruleId", D.Check->Id);
      const auto *It = find(R.Checks, D.Check);
      if (It != R.Checks.end())
        J.attribute("ruleIndex", static_cast<int64_t>(It - R.Checks.begin()));
    }
    J.attribute("level", severityName(D.Level));
    std::string Text = D.Message;
    for (const DiagnosticNote &N : D.Notes)
      if (!N.Loc.isValid())
        Text += "\nnote: " + N.Message;
    J.attributeObject("message", [&] { J.attribute("text", Text); });
    if (D.Loc.isValid())
      J.attributeArray("locations", [&] {
        J.object([&] { writePhysicalLocation(J, R.Files, D.Loc); });
      });
    if (any_of(D.Notes,
               [](const DiagnosticNote &N) { return N.Loc.isValid(); }))
      J.attributeArray("relatedLocations", [&] {
        int64_t Id = 0;
        for (const DiagnosticNote &N : D.Notes) {
          if (!N.Loc.isValid())
            continue;
          J.object([&] {
            J.attribute("id", Id++);
            writePhysicalLocation(J, R.Files, N.Loc);
            J.attributeObject("message",
                              [&] { J.attribute("text", N.Message); });
          });
        }
      });
    if (!D.Replacement.empty() && D.Loc.Line)
      writeFix(J, R.Files, D);
  });
}

} // namespace

void renderSarif(const Report &R, raw_ostream &OS) {
  json::OStream J(OS, /*IndentSize=*/2);
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "telegen");
            J.attribute("version", TELEGEN_VERSION_STRING);
            writeRules(J, R.Checks);
          });
        });
        J.attribute("columnKind", "utf16CodeUnits");
        J.attributeArray("results", [&] {
          for (const Diagnostic &D : R.Diagnostics)
            writeResult(J, R, D);
        });
      });
    });
  });
  OS << '\n';
}

} // namespace telegen
