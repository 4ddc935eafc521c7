//===- Diagnostic.h - Findings with locations, shared by every command ----===//
//
// A finding is plain data: where, how severe, which check, what is wrong, and
// optionally notes and a replacement. Commands collect findings in a
// DiagnosticList and hand it to a renderer (Support/Render.h), so every
// command reports in the same formats: clang-style text, JSON, SARIF 2.1.0 and
// GitHub workflow annotations.
//
// Not thread-safe: one DiagnosticList per run of a command.
//
// Usage:
//   static const CheckInfo CounterTotal = {"naming.counter-total",
//       Severity::Error, "Counter names end in '_total'."};
//   DiagnosticList Diags;
//   Diags.report(CounterTotal, Loc, "counter 'x' must end in '_total'")
//       .fixIt("x_total");
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_DIAGNOSTIC_H
#define TELEGEN_SUPPORT_DIAGNOSTIC_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <string>
#include <vector>

namespace telegen {

/// A place in a source file. Lines and columns are 1-based; columns count
/// bytes, as clang's do. Line 0 means the file as a whole.
struct Location {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;
  /// One past the last highlighted byte on Line; 0 shows a caret only.
  unsigned EndColumn = 0;

  bool isValid() const { return !File.empty(); }
};

enum class Severity { Note, Warning, Error };

/// "note", "warning" or "error".
llvm::StringRef severityName(Severity S);

/// A check as listed in a tool's catalog: SARIF publishes these as rules.
struct CheckInfo {
  const char *Id;
  Severity DefaultSeverity;
  const char *Summary;
};

struct DiagnosticNote {
  /// May be invalid: a note about no place in particular.
  Location Loc;
  std::string Message;
};

struct Diagnostic {
  Severity Level = Severity::Error;
  const CheckInfo *Check = nullptr;
  Location Loc;
  std::string Message;
  std::vector<DiagnosticNote> Notes;
  /// Text that would fix the finding by replacing Loc's range (a did-you-mean
  /// spelling, a corrected name); empty when there is none.
  std::string Replacement;
};

/// The findings of one run, in the order they were reported until sorted.
class DiagnosticList {
public:
  /// Adds to the finding just reported. Valid until the next report().
  class Builder {
  public:
    Builder &note(const Location &Loc, const llvm::Twine &Message);
    Builder &fixIt(llvm::StringRef Replacement);

  private:
    friend class DiagnosticList;
    explicit Builder(Diagnostic &D) : D(D) {}
    Diagnostic &D;
  };

  Builder report(const CheckInfo &Check, const Location &Loc,
                 const llvm::Twine &Message);

  llvm::ArrayRef<Diagnostic> all() const { return Diags; }
  unsigned count(Severity S) const;
  bool hasErrors() const { return count(Severity::Error) != 0; }

  /// Moves another list's findings to the end of this one.
  void append(DiagnosticList &&Other);
  /// Keeps only the findings for which Keep returns true.
  void retain(llvm::function_ref<bool(const Diagnostic &)> Keep);
  /// --werror: every warning becomes an error.
  void promoteWarnings();
  /// Orders findings by file (in FileOrder, then by name), line and column,
  /// keeping the report order among equals, so output does not depend on the
  /// order in which checks run.
  void sortByLocation(llvm::ArrayRef<std::string> FileOrder);

private:
  std::vector<Diagnostic> Diags;
};

} // namespace telegen

#endif
