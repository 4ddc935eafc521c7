//===- CallSiteWrapper.cpp - Rewrite one boundary call site ---------------===//
#include "Instrument/CallSiteWrapper.h"
#include "Instrument/Reporter.h"
#include "Instrument/SourcePaths.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace telegen {

bool isBoundContext(const Expr &E) {
  const auto *Call = dyn_cast<CallExpr>(E.IgnoreImplicit());
  if (const auto *Temporary = dyn_cast<MaterializeTemporaryExpr>(E.IgnoreImplicit()))
    Call = dyn_cast<CallExpr>(Temporary->getSubExpr()->IgnoreImplicit());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->getQualifiedNameAsString() == "telegen::bind_context";
}

void wrapCallSite(InstrumentContext &Context, ASTContext &AST, BoundaryKind Kind,
                  const Expr &Call, const Expr &Target, llvm::StringRef Callee,
                  llvm::StringRef Prefix, llvm::StringRef Suffix,
                  bool Replace) {
  const SourceManager &SM = AST.getSourceManager();
  SourceLocation CallLoc = SM.getExpansionLoc(Call.getBeginLoc());
  if (!SM.isInMainFile(CallLoc))
    return;
  SourceRange Range = Target.getSourceRange();
  if (Range.getBegin().isMacroID() || Range.getEnd().isMacroID()) {
    Reporter(AST.getDiagnostics())
        .warning(CallLoc, "the context cannot cross this call to '" +
                              Callee.str() +
                              "': its argument comes from a macro expansion; "
                              "wrap it with telegen::bind_context by hand");
    return;
  }
  unsigned Begin = SM.getFileOffset(Range.getBegin());
  for (const WrappedCall &Existing : Context.Model.Calls)
    if (Existing.Begin == Begin)
      return;
  WrappedCall Wrapped;
  Wrapped.File = absoluteFilePath(SM, CallLoc);
  Wrapped.Kind = Kind;
  Wrapped.Callee = Callee.str();
  Wrapped.Line = SM.getExpansionLineNumber(CallLoc);
  Wrapped.Column = SM.getExpansionColumnNumber(CallLoc);
  Wrapped.Begin = Begin;
  Wrapped.End = SM.getFileOffset(
      Lexer::getLocForEndOfToken(Range.getEnd(), 0, SM, AST.getLangOpts()));
  Wrapped.Prefix = Prefix.str();
  Wrapped.Suffix = Suffix.str();
  Wrapped.Replace = Replace;
  Context.Model.Calls.push_back(std::move(Wrapped));
}

} // namespace telegen
