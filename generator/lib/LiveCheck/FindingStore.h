//===- FindingStore.h - Each distinct finding once, counted ---*- C++ -*-===//
//
// A service sends the same violation with every request. live-check keeps
// each distinct finding (same check, same message) once, at its first
// occurrence with the line it quotes, and counts the others; the counts
// become a note when the findings are handed over. At most Limit distinct
// findings are kept; later ones are counted in one note, so memory stays
// bounded however long live-check runs.
//
// Not thread-safe.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_FINDINGSTORE_H
#define TELEGEN_LIVECHECK_FINDINGSTORE_H

#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/StringMap.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace telegen {
namespace livecheck {

class FindingStore {
public:
  explicit FindingStore(uint64_t Limit) : Limit(Limit) {}

  /// Counts a finding; keeps it, and Quoted as its line, if it is new.
  void add(Diagnostic D, std::optional<llvm::StringRef> Quoted,
           SourceFiles &Files);
  /// Moves the kept findings to Diags, each repeated one with a note
  /// saying how often it occurred, and a note counting those not kept.
  void flush(DiagnosticList &Diags);

  /// Occurrences of all findings.
  uint64_t occurrences() const { return Occurrences; }

private:
  uint64_t Limit;
  std::vector<Diagnostic> Kept;
  std::vector<uint64_t> Counts;
  llvm::StringMap<size_t> Index;
  uint64_t Occurrences = 0;
  uint64_t Unlisted = 0;
  Location FirstUnlisted;
};

} // namespace livecheck
} // namespace telegen

#endif
