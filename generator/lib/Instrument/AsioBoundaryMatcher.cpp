//===- AsioBoundaryMatcher.cpp - Asio's post, dispatch, defer, co_spawn ---===//
#include "Instrument/AsioBoundaryMatcher.h"
#include "Instrument/CallSiteWrapper.h"
#include "Instrument/SpanCodeEmitter.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {

static constexpr llvm::StringLiteral HandlerCallId = "asio-handler";
static constexpr llvm::StringLiteral SpawnId = "asio-spawn";

void AsioBoundaryMatcher::registerMatchers(MatchFinder &Finder) {
  Finder.addMatcher(
      callExpr(isExpansionInMainFile(), argumentCountAtLeast(1),
               callee(functionDecl(hasAnyName(
                   "::asio::post", "::asio::dispatch", "::asio::defer",
                   "::boost::asio::post", "::boost::asio::dispatch",
                   "::boost::asio::defer"))))
          .bind(HandlerCallId),
      this);
  Finder.addMatcher(
      callExpr(isExpansionInMainFile(), argumentCountAtLeast(2),
               callee(functionDecl(
                   hasAnyName("::asio::co_spawn", "::boost::asio::co_spawn"))))
          .bind(SpawnId),
      this);
}

/// The library a callee belongs to: "asio" or "boost::asio".
static llvm::StringRef library(const FunctionDecl &Callee) {
  const auto *NS = dyn_cast<NamespaceDecl>(Callee.getDeclContext());
  return NS && NS->getParent()->isNamespace() ? "boost::asio" : "asio";
}

/// A completion handler the code wrote (a lambda, a function object), not
/// one of the library's completion tokens (use_awaitable, deferred,
/// detached, use_future, ...), which decide themselves how to complete.
static bool isHandler(const Expr &Token) {
  QualType Type = Token.getType().getNonReferenceType();
  if (Type->isFunctionPointerType() || Type->isFunctionType())
    return true;
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  for (const DeclContext *DC = Record->getDeclContext(); DC;
       DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC))
      if (NS->getName() == "asio")
        return false;
  return Record->isLambda() || !Record->lookup(
      Record->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call)).empty();
}

void AsioBoundaryMatcher::run(const MatchFinder::MatchResult &Result) {
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>(HandlerCallId)) {
    // The completion token is the last argument written; Asio adds a
    // defaulted one for its constraints.
    unsigned Last = Call->getNumArgs();
    while (Last > 0 && isa<CXXDefaultArgExpr>(Call->getArg(Last - 1)))
      --Last;
    if (Last < 2)
      return;
    const Expr *Token = Call->getArg(Last - 1);
    if (isBoundContext(*Token) || !isHandler(*Token->IgnoreImplicit()))
      return;
    const FunctionDecl *Callee = Call->getDirectCallee();
    wrapCallSite(Context, *Result.Context, BoundaryKind::Executor, *Call,
                 *Token, Callee->getQualifiedNameAsString(), BindContextPrefix,
                 ")");
    return;
  }
  const auto *Spawn = Result.Nodes.getNodeAs<CallExpr>(SpawnId);
  const Expr *Executor = Spawn->getArg(0);
  const SourceManager &SM = *Result.SourceManager;
  // The executor's name in active_async_tasks: the argument as written,
  // without the co_await of `co_await this_coro::executor`.
  StringRef Spelling = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Executor->getSourceRange()), SM,
      Result.Context->getLangOpts());
  StringRef Name = Spelling;
  if (Name.consume_front("co_await"))
    Name = Name.ltrim();
  llvm::StringRef Library = library(*Spawn->getDirectCallee());
  std::string Prefix = "::telegen::" +
                       std::string(Library == "asio" ? "asio" : "boost_asio") +
                       "::spawn_executor(";
  if (Spelling.starts_with(Prefix.substr(2)) || Spelling.starts_with(Prefix))
    return;
  wrapCallSite(Context, *Result.Context, BoundaryKind::Spawn, *Spawn,
               *Executor, Library.str() + "::co_spawn", Prefix,
               ", " + cppStringLiteral(Name) + ")");
}

} // namespace telegen
