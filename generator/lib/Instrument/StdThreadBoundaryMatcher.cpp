//===- StdThreadBoundaryMatcher.cpp - std::thread, jthread, async ---------===//
#include "Instrument/StdThreadBoundaryMatcher.h"
#include "Instrument/CallSiteWrapper.h"

#include "clang/AST/ExprCXX.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {

static constexpr llvm::StringLiteral ThreadId = "thread";
static constexpr llvm::StringLiteral AsyncId = "async";

void StdThreadBoundaryMatcher::registerMatchers(MatchFinder &Finder) {
  Finder.addMatcher(
      cxxConstructExpr(
          isExpansionInMainFile(), argumentCountAtLeast(1),
          hasDeclaration(cxxConstructorDecl(
              ofClass(hasAnyName("::std::thread", "::std::jthread")),
              unless(isCopyConstructor()), unless(isMoveConstructor()))))
          .bind(ThreadId),
      this);
  Finder.addMatcher(callExpr(isExpansionInMainFile(), argumentCountAtLeast(1),
                             callee(functionDecl(hasName("::std::async"))))
                        .bind(AsyncId),
                    this);
}

void StdThreadBoundaryMatcher::run(const MatchFinder::MatchResult &Result) {
  if (const auto *Construct = Result.Nodes.getNodeAs<CXXConstructExpr>(ThreadId)) {
    const Expr *Callable = Construct->getArg(0);
    if (isBoundContext(*Callable))
      return;
    std::string Class =
        Construct->getConstructor()->getParent()->getQualifiedNameAsString();
    wrapCallSite(Context, *Result.Context, BoundaryKind::Thread, *Construct,
                 *Callable, Class, BindContextPrefix, ")");
    return;
  }
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>(AsyncId);
  // std::async(policy, f, args...) or std::async(f, args...).
  unsigned Index = 0;
  if (const auto *Policy = Call->getArg(0)->getType()->getAsTagDecl())
    if (Policy->getQualifiedNameAsString() == "std::launch")
      Index = 1;
  if (Index >= Call->getNumArgs() || isBoundContext(*Call->getArg(Index)))
    return;
  wrapCallSite(Context, *Result.Context, BoundaryKind::Async, *Call,
               *Call->getArg(Index), "std::async", BindContextPrefix, ")");
}

} // namespace telegen
