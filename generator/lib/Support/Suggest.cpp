//===- Suggest.cpp - Did-you-mean for misspelled names --------------------===//
#include "Support/Suggest.h"

#include <string>

using namespace llvm;

namespace telegen {

StringRef closestSpelling(StringRef Word, ArrayRef<StringRef> Candidates) {
  std::string Lower = Word.lower();
  // A third of the word may be wrong: 'tpye' -> 'type', not 'ab' -> 'cd'.
  unsigned BestDistance = (Word.size() + 2) / 3 + 1;
  StringRef Best;
  for (StringRef Candidate : Candidates) {
    std::string CandidateLower = Candidate.lower();
    if (CandidateLower == Lower)
      return Candidate;
    unsigned Distance = StringRef(Lower).edit_distance(CandidateLower);
    if (Word.size() >= 3 && StringRef(CandidateLower).starts_with(Lower))
      Distance = 1;
    if (Distance < BestDistance) {
      Best = Candidate;
      BestDistance = Distance;
    }
  }
  return Best;
}

} // namespace telegen
