//===- BodySize.cpp - How much a function body does -----------------------===//
#include "Instrument/BodySize.h"

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;

namespace telegen {
namespace {

/// Whether Child stands where a statement is written in Parent: an element
/// of a block, a branch, a loop's body, or what a label or case marks.
bool isStatementPosition(const Stmt &Parent, const Stmt *Child) {
  if (isa<CompoundStmt>(Parent))
    return true;
  if (const auto *If = dyn_cast<IfStmt>(&Parent))
    return Child == If->getThen() || Child == If->getElse();
  if (const auto *For = dyn_cast<ForStmt>(&Parent))
    return Child == For->getBody();
  if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(&Parent))
    return Child == RangeFor->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(&Parent))
    return Child == While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(&Parent))
    return Child == Do->getBody();
  if (const auto *Switch = dyn_cast<SwitchStmt>(&Parent))
    return Child == Switch->getBody();
  if (const auto *Case = dyn_cast<SwitchCase>(&Parent))
    return Child == Case->getSubStmt();
  if (const auto *Label = dyn_cast<LabelStmt>(&Parent))
    return Child == Label->getSubStmt();
  if (const auto *Attributed = dyn_cast<AttributedStmt>(&Parent))
    return Child == Attributed->getSubStmt();
  return false;
}

void measure(const Stmt &S, bool AtStatement, BodySize &Size) {
  // A case label or an attribute marks the statement it holds, which
  // counts on its own.
  if (AtStatement &&
      !isa<CompoundStmt, NullStmt, SwitchCase, LabelStmt, AttributedStmt>(S))
    ++Size.Statements;
  if (isa<CallExpr>(S))
    ++Size.Calls;
  if (isa<ForStmt, CXXForRangeStmt, WhileStmt, DoStmt>(S))
    Size.HasLoop = true;
  for (const Stmt *Child : S.children())
    if (Child)
      measure(*Child, isStatementPosition(S, Child), Size);
}

} // namespace

BodySize measureBody(const Stmt &Body) {
  BodySize Size;
  measure(Body, /*AtStatement=*/false, Size);
  return Size;
}

} // namespace telegen
