//===- CoroutinePlanner.cpp - The suspension points of a coroutine --------===//
#include "Instrument/CoroutinePlanner.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace telegen {
namespace {

/// What the user wrote after `co_yield`: the argument of the
/// promise.yield_value(...) call Clang builds around it.
Expr *yieldedOperand(const CoyieldExpr &E) {
  Expr *Operand = E.getOperand();
  if (auto *Call = dyn_cast<CallExpr>(Operand->IgnoreImplicit()))
    if (Call->getNumArgs() == 1)
      return Call->getArg(0);
  return Operand;
}

/// The suspension points and co_returns of one body, outermost first, not
/// those of lambdas, blocks or local classes inside it.
class SuspensionCollector : public RecursiveASTVisitor<SuspensionCollector> {
public:
  struct Point {
    SourceLocation Keyword;
    const Expr *Operand;
    QualType Type;
    unsigned Depth;
  };
  std::vector<Point> Points;
  std::vector<const CoreturnStmt *> Returns;

  bool TraverseCoawaitExpr(CoawaitExpr *E) {
    if (E->isImplicit())
      return true;
    return visitPoint(E->getKeywordLoc(), E->getOperand(), E->getType());
  }
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
    return visitPoint(E->getKeywordLoc(), E->getOperand(), E->getType());
  }
  bool TraverseCoyieldExpr(CoyieldExpr *E) {
    return visitPoint(E->getKeywordLoc(), yieldedOperand(*E), E->getType());
  }
  bool VisitCoreturnStmt(CoreturnStmt *S) {
    if (!S->isImplicit())
      Returns.push_back(S);
    return true;
  }
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool TraverseBlockExpr(BlockExpr *) { return true; }

private:
  bool visitPoint(SourceLocation Keyword, Expr *Operand, QualType Type) {
    Points.push_back({Keyword, Operand, Type, Depth});
    ++Depth;
    bool Ok = TraverseStmt(Operand);
    --Depth;
    return Ok;
  }
  unsigned Depth = 0;
};

SuspensionCollector collect(const FunctionDecl &Definition) {
  SuspensionCollector Collector;
  if (const CompoundStmt *Body = userBody(Definition))
    Collector.TraverseStmt(const_cast<CompoundStmt *>(Body));
  return Collector;
}

} // namespace

const CompoundStmt *userBody(const FunctionDecl &Definition) {
  const Stmt *Body = Definition.getBody();
  if (const auto *Coroutine = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    Body = Coroutine->getBody();
  return dyn_cast_or_null<CompoundStmt>(Body);
}

bool planSuspensions(const FunctionDecl &Definition, ASTContext &Context,
                     Reporter &Diags, InstrumentedFunction &F) {
  const SourceManager &SM = Context.getSourceManager();
  bool Ok = true;
  for (const SuspensionCollector::Point &P : collect(Definition).Points) {
    SourceRange Range = P.Operand->getSourceRange();
    if (P.Keyword.isMacroID() || Range.getBegin().isMacroID() ||
        Range.getEnd().isMacroID()) {
      Diags.error(SM.getExpansionLoc(P.Keyword),
                  "this suspension point of coroutine '" +
                      Definition.getQualifiedNameAsString() +
                      "' is inside a macro expansion: telegen cannot hand its "
                      "context back and forth around it; write the co_await "
                      "or co_yield outside the macro");
      Ok = false;
      continue;
    }
    SuspensionSite Site;
    Site.KeywordBegin = SM.getFileOffset(P.Keyword);
    Site.OperandBegin = SM.getFileOffset(Range.getBegin());
    Site.End = SM.getFileOffset(Lexer::getLocForEndOfToken(
        Range.getEnd(), 0, SM, Context.getLangOpts()));
    Site.Void = !P.Type.isNull() && !P.Type->isDependentType() &&
                P.Type->isVoidType();
    Site.Depth = P.Depth;
    F.Suspensions.push_back(Site);
  }
  return Ok;
}

std::vector<const CoreturnStmt *>
coreturnValues(const FunctionDecl &Definition) {
  std::vector<const CoreturnStmt *> Values;
  for (const CoreturnStmt *Return : collect(Definition).Returns) {
    const Expr *Operand = Return->getOperand();
    if (Operand && !Operand->getType()->isVoidType())
      Values.push_back(Return);
  }
  return Values;
}

QualType coroutineValueType(const FunctionDecl &Definition) {
  QualType Result = Definition.getReturnType();
  const auto *Specialization = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Result->getAsCXXRecordDecl());
  if (!Specialization || Specialization->getTemplateArgs().size() == 0)
    return QualType();
  const TemplateArgument &First = Specialization->getTemplateArgs()[0];
  return First.getKind() == TemplateArgument::Type ? First.getAsType()
                                                   : QualType();
}

} // namespace telegen
