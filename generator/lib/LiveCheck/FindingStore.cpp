//===- FindingStore.cpp - Each distinct finding once, with its count ------===//
#include "LiveCheck/FindingStore.h"
#include "LiveCheck/Catalog.h"

using namespace llvm;

namespace telegen {
namespace livecheck {

void FindingStore::add(Diagnostic D, std::optional<StringRef> Quoted,
                       SourceFiles &Files) {
  ++Occurrences;
  std::string Key = std::string(D.Check->Id) + '\0' + D.Message;
  auto It = Index.find(Key);
  if (It != Index.end()) {
    ++Counts[It->second];
    return;
  }
  if (Kept.size() >= Limit) {
    if (Unlisted++ == 0)
      FirstUnlisted = D.Loc;
    return;
  }
  if (Quoted)
    Files.addLine(D.Loc.File, D.Loc.Line, *Quoted);
  Index[Key] = Kept.size();
  Kept.push_back(std::move(D));
  Counts.push_back(1);
}

void FindingStore::flush(DiagnosticList &Diags) {
  for (size_t I = 0; I < Kept.size(); ++I) {
    Diagnostic &D = Kept[I];
    auto Builder = Diags.report(*D.Check, D.Loc, D.Message);
    if (!D.Replacement.empty())
      Builder.fixIt(D.Replacement);
    for (const DiagnosticNote &N : D.Notes)
      Builder.note(N.Loc, N.Message);
    if (Counts[I] > 1)
      Builder.note(Location(),
                   "seen " + Twine(Counts[I]) + " times; the first is shown");
  }
  if (Unlisted)
    Diags.report(livecheck::Unlisted, FirstUnlisted,
                 Twine(Unlisted) + " more findings not among the first " +
                     Twine(Limit) + " distinct ones are counted, not listed");
  Kept.clear();
  Counts.clear();
  Index.clear();
}

} // namespace livecheck
} // namespace telegen
