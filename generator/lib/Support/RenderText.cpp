//===- RenderText.cpp - Findings in clang's format ------------------------===//
//
//   telemetry.yaml:12:7: error: counter 'x' must end in '_total'
//   [naming.counter-total]
//     x:
//     ^
//     x_total
//
//===----------------------------------------------------------------------===//
#include "Support/Render.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace llvm;

namespace telegen {
namespace {

/// Source lines longer than this are shown as a window around the caret.
constexpr unsigned MaxShownWidth = 120;
constexpr unsigned TabStop = 8;

bool isContinuationByte(char C) { return (C & 0xC0) == 0x80; }

/// A source line made printable (tabs expanded, long lines cut to a window)
/// and the display columns of the highlighted range in it.
struct Snippet {
  std::string Text;
  unsigned CaretColumn = 0; // 0-based display column
  unsigned RangeWidth = 1;
};

Snippet makeSnippet(StringRef Line, unsigned Column, unsigned EndColumn) {
  // The highlighted range as byte offsets into the line.
  size_t Begin = std::min<size_t>(Column ? Column - 1 : 0, Line.size());
  size_t End =
      EndColumn > Column ? std::min<size_t>(EndColumn - 1, Line.size()) : Begin;

  // Long lines are cut to a window around the range's start, on UTF-8
  // character boundaries.
  size_t From = 0, To = Line.size();
  if (Line.size() > MaxShownWidth) {
    From = Begin > MaxShownWidth / 2 ? Begin - MaxShownWidth / 2 : 0;
    To = std::min(Line.size(), From + MaxShownWidth);
    while (From > 0 && isContinuationByte(Line[From]))
      --From;
    while (To < Line.size() && isContinuationByte(Line[To]))
      ++To;
  }
  End = std::min(End, To);

  Snippet S;
  unsigned Display = 0;
  if (From > 0) {
    S.Text = "...";
    Display = 3;
  }
  // DisplayAt[I] is where byte From + I shows on screen.
  std::vector<unsigned> DisplayAt;
  for (size_t I = From; I < To; ++I) {
    DisplayAt.push_back(Display);
    unsigned char C = Line[I];
    if (C == '\t') {
      unsigned Spaces = TabStop - Display % TabStop;
      S.Text.append(Spaces, ' ');
      Display += Spaces;
      continue;
    }
    // Bytes a terminal would not show as text are shown as clang does.
    std::string Shown;
    if (C < 0x20 || C == 0x7F) {
      Shown = formatv("<U+{0:X-4}>", unsigned(C));
    } else if (C >= 0x80) {
      unsigned Length = getNumBytesForUTF8(C);
      const auto *P = reinterpret_cast<const UTF8 *>(Line.data() + I);
      if (I + Length > Line.size() || !isLegalUTF8Sequence(P, P + Length)) {
        Shown = formatv("<{0:X-2}>", unsigned(C));
      } else {
        S.Text.append(Line.data() + I, Length);
        ++Display;
        for (unsigned K = 1; K < Length; ++K)
          DisplayAt.push_back(Display - 1);
        I += Length - 1;
        continue;
      }
    }
    if (Shown.empty()) {
      S.Text.push_back(C);
      ++Display;
    } else {
      S.Text += Shown;
      Display += Shown.size();
    }
  }
  DisplayAt.push_back(Display);
  if (To < Line.size())
    S.Text += "...";
  S.CaretColumn = DisplayAt[Begin - From];
  S.RangeWidth = std::max(1u, DisplayAt[End - From] - S.CaretColumn);
  return S;
}

void printLocation(raw_ostream &OS, const Location &Loc) {
  WithColor Bold(OS, raw_ostream::SAVEDCOLOR, /*Bold=*/true);
  OS << Loc.File << ':';
  if (Loc.Line)
    OS << Loc.Line << ':' << Loc.Column << ':';
  OS << ' ';
}

void printSeverity(raw_ostream &OS, Severity S) {
  // clang's colors.
  raw_ostream::Colors Color = S == Severity::Error     ? raw_ostream::RED
                              : S == Severity::Warning ? raw_ostream::MAGENTA
                                                       : raw_ostream::BLACK;
  WithColor(OS, Color, /*Bold=*/true) << severityName(S) << ": ";
}

void printSource(raw_ostream &OS, const SourceFiles &Files, const Location &Loc,
                 StringRef Replacement) {
  if (!Loc.Line)
    return;
  std::optional<StringRef> Line = Files.line(Loc.File, Loc.Line);
  if (!Line)
    return;
  Snippet S = makeSnippet(*Line, Loc.Column, Loc.EndColumn);
  OS << S.Text << '\n';
  WithColor Green(OS, raw_ostream::GREEN, /*Bold=*/true);
  OS.indent(S.CaretColumn) << '^';
  for (unsigned I = 1; I < S.RangeWidth; ++I)
    OS << '~';
  OS << '\n';
  if (!Replacement.empty())
    OS.indent(S.CaretColumn) << Replacement << '\n';
}

void printDiagnostic(raw_ostream &OS, const SourceFiles &Files,
                     const Diagnostic &D) {
  printLocation(OS, D.Loc);
  printSeverity(OS, D.Level);
  {
    WithColor Bold(OS, raw_ostream::SAVEDCOLOR, /*Bold=*/true);
    OS << D.Message;
    if (D.Check)
      OS << " [" << D.Check->Id << ']';
  }
  OS << '\n';
  printSource(OS, Files, D.Loc, D.Replacement);
  for (const DiagnosticNote &N : D.Notes) {
    if (N.Loc.isValid())
      printLocation(OS, N.Loc);
    printSeverity(OS, Severity::Note);
    OS << N.Message << '\n';
    printSource(OS, Files, N.Loc, "");
  }
}

std::string plural(unsigned N, StringRef Word) {
  return std::to_string(N) + " " + Word.str() + (N == 1 ? "" : "s");
}

} // namespace

void renderText(const Report &R, raw_ostream &OS) {
  unsigned Errors = 0, Warnings = 0;
  for (const Diagnostic &D : R.Diagnostics) {
    printDiagnostic(OS, R.Files, D);
    Errors += D.Level == Severity::Error;
    Warnings += D.Level == Severity::Warning;
  }
  // The summary line clang prints.
  if (Warnings && Errors)
    OS << plural(Warnings, "warning") << " and " << plural(Errors, "error")
       << " generated.\n";
  else if (Warnings || Errors)
    OS << (Errors ? plural(Errors, "error") : plural(Warnings, "warning"))
       << " generated.\n";
}

} // namespace telegen
