//===- UnifiedDiff.cpp - Show what a rewrite changes ----------------------===//
//
// Myers' O(ND) shortest edit script over lines, then hunks with context.
//
//===----------------------------------------------------------------------===//
#include "Support/UnifiedDiff.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <vector>

using namespace llvm;

namespace telegen {
namespace {

constexpr int Context = 3;

std::vector<StringRef> splitLines(StringRef Text) {
  std::vector<StringRef> Lines;
  while (!Text.empty()) {
    size_t End = Text.find('\n');
    if (End == StringRef::npos) {
      Lines.push_back(Text);
      break;
    }
    Lines.push_back(Text.take_front(End));
    Text = Text.drop_front(End + 1);
  }
  return Lines;
}

enum class Op { Keep, Delete, Insert };

/// The edit script turning A into B, as one Op per line.
std::vector<Op> shortestEditScript(const std::vector<StringRef> &A,
                                   const std::vector<StringRef> &B) {
  const int N = A.size(), M = B.size(), Max = N + M;
  std::vector<int> V(2 * Max + 2, 0);
  std::vector<std::vector<int>> Trace;
  for (int D = 0; D <= Max; ++D) {
    Trace.push_back(V);
    for (int K = -D; K <= D; K += 2) {
      int X = (K == -D || (K != D && V[Max + K - 1] < V[Max + K + 1]))
                  ? V[Max + K + 1]
                  : V[Max + K - 1] + 1;
      int Y = X - K;
      while (X < N && Y < M && A[X] == B[Y])
        ++X, ++Y;
      V[Max + K] = X;
      if (X >= N && Y >= M) {
        // Walk the trace backwards to recover the script.
        std::vector<Op> Script;
        for (int Back = D; Back > 0; --Back) {
          const std::vector<int> &Prev = Trace[Back];
          int PrevK = (K == -Back || (K != Back && Prev[Max + K - 1] <
                                                       Prev[Max + K + 1]))
                          ? K + 1
                          : K - 1;
          int PrevX = Prev[Max + PrevK], PrevY = PrevX - PrevK;
          while (X > PrevX && Y > PrevY) {
            Script.push_back(Op::Keep);
            --X, --Y;
          }
          Script.push_back(X == PrevX ? Op::Insert : Op::Delete);
          X = PrevX, Y = PrevY;
          K = PrevK;
        }
        while (X > 0 && Y > 0) {
          Script.push_back(Op::Keep);
          --X, --Y;
        }
        std::reverse(Script.begin(), Script.end());
        return Script;
      }
    }
  }
  return {};
}

} // namespace

std::string unifiedDiff(StringRef Before, StringRef After, StringRef BeforeName,
                        StringRef AfterName) {
  if (Before == After)
    return "";
  std::vector<StringRef> A = splitLines(Before), B = splitLines(After);
  std::vector<Op> Script = shortestEditScript(A, B);

  std::string Out;
  raw_string_ostream OS(Out);
  OS << "--- " << BeforeName << "\n+++ " << AfterName << "\n";
  const int Size = Script.size();
  int I = 0;
  while (I < Size) {
    if (Script[I] == Op::Keep) {
      ++I;
      continue;
    }
    // A hunk: changes whose unchanged gaps are at most 2 * Context lines,
    // with Context lines around them.
    int Start = std::max(0, I - Context);
    int LastChange = I;
    int J = I;
    while (J < Size) {
      if (Script[J] != Op::Keep) {
        LastChange = ++J;
        continue;
      }
      int K = J;
      while (K < Size && Script[K] == Op::Keep)
        ++K;
      if (K == Size || K - J > 2 * Context)
        break;
      J = K;
    }
    int End = std::min(Size, LastChange + Context);
    // Line numbers where the hunk starts in each file.
    int LineA = 0, LineB = 0;
    for (int J = 0; J < Start; ++J) {
      LineA += Script[J] != Op::Insert;
      LineB += Script[J] != Op::Delete;
    }
    int CountA = 0, CountB = 0;
    for (int J = Start; J < End; ++J) {
      CountA += Script[J] != Op::Insert;
      CountB += Script[J] != Op::Delete;
    }
    OS << "@@ -" << (CountA ? LineA + 1 : LineA) << "," << CountA << " +"
       << (CountB ? LineB + 1 : LineB) << "," << CountB << " @@\n";
    int PosA = LineA, PosB = LineB;
    for (int J = Start; J < End; ++J) {
      switch (Script[J]) {
      case Op::Keep:
        OS << " " << A[PosA++] << "\n";
        ++PosB;
        break;
      case Op::Delete:
        OS << "-" << A[PosA++] << "\n";
        break;
      case Op::Insert:
        OS << "+" << B[PosB++] << "\n";
        break;
      }
    }
    I = End;
  }
  return Out;
}

} // namespace telegen
