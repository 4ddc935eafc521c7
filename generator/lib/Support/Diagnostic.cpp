//===- Diagnostic.cpp - Findings with locations ---------------------------===//
#include "Support/Diagnostic.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <tuple>

using namespace llvm;

namespace telegen {

StringRef severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  llvm_unreachable("unknown severity");
}

DiagnosticList::Builder &DiagnosticList::Builder::note(const Location &Loc,
                                                       const Twine &Message) {
  D.Notes.push_back({Loc, Message.str()});
  return *this;
}

DiagnosticList::Builder &DiagnosticList::Builder::fixIt(StringRef Replacement) {
  D.Replacement = Replacement.str();
  return *this;
}

DiagnosticList::Builder DiagnosticList::report(const CheckInfo &Check,
                                               const Location &Loc,
                                               const Twine &Message) {
  Diagnostic D;
  D.Level = Check.DefaultSeverity;
  D.Check = &Check;
  D.Loc = Loc;
  D.Message = Message.str();
  Diags.push_back(std::move(D));
  return Builder(Diags.back());
}

unsigned DiagnosticList::count(Severity S) const {
  return count_if(Diags, [S](const Diagnostic &D) { return D.Level == S; });
}

void DiagnosticList::append(DiagnosticList &&Other) {
  std::move(Other.Diags.begin(), Other.Diags.end(), std::back_inserter(Diags));
  Other.Diags.clear();
}

void DiagnosticList::retain(function_ref<bool(const Diagnostic &)> Keep) {
  erase_if(Diags, [&](const Diagnostic &D) { return !Keep(D); });
}

void DiagnosticList::promoteWarnings() {
  for (Diagnostic &D : Diags)
    if (D.Level == Severity::Warning)
      D.Level = Severity::Error;
}

void DiagnosticList::sortByLocation(ArrayRef<std::string> FileOrder) {
  auto Key = [&](const Diagnostic &D) {
    size_t FileRank = find(FileOrder, D.Loc.File) - FileOrder.begin();
    return std::make_tuple(FileRank, StringRef(D.Loc.File), D.Loc.Line,
                           D.Loc.Column);
  };
  std::stable_sort(Diags.begin(), Diags.end(),
                   [&](const Diagnostic &A, const Diagnostic &B) {
                     return Key(A) < Key(B);
                   });
}

} // namespace telegen
