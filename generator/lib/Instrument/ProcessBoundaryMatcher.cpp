//===- ProcessBoundaryMatcher.cpp - Child processes -----------------------===//
#include "Instrument/ProcessBoundaryMatcher.h"
#include "Instrument/CallSiteWrapper.h"

#include "llvm/ADT/StringSwitch.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {
namespace {

constexpr llvm::StringLiteral CallId = "call";

/// Functions that take the child's environment, and which argument it is.
std::optional<unsigned> environmentArgument(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<unsigned>>(Name)
      .Cases("posix_spawn", "posix_spawnp", 5)
      .Cases("execve", "execvpe", "fexecve", 2)
      .Default(std::nullopt);
}

/// Functions that use the parent's environment, and their telegen
/// replacement that passes the context along.
llvm::StringRef replacement(llvm::StringRef Name) {
  return llvm::StringSwitch<llvm::StringRef>(Name)
      .Case("execv", "::telegen::detail::execv_in_context")
      .Case("execvp", "::telegen::detail::execvp_in_context")
      .Case("system", "::telegen::detail::system_in_context")
      .Default("");
}

} // namespace

void ProcessBoundaryMatcher::registerMatchers(MatchFinder &Finder) {
  Finder.addMatcher(
      callExpr(isExpansionInMainFile(),
               callee(functionDecl(
                   hasAnyName("::posix_spawn", "::posix_spawnp", "::execve",
                              "::execvpe", "::fexecve", "::execv", "::execvp",
                              "::system", "::std::system"))))
          .bind(CallId),
      this);
}

void ProcessBoundaryMatcher::run(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>(CallId);
  llvm::StringRef Name = Call->getDirectCallee()->getName();
  if (std::optional<unsigned> Index = environmentArgument(Name)) {
    if (*Index < Call->getNumArgs())
      wrapCallSite(Context, *Result.Context, BoundaryKind::Process, *Call,
                   *Call->getArg(*Index), Name,
                   "::telegen::detail::ChildEnvironment(", ")");
    return;
  }
  wrapCallSite(Context, *Result.Context, BoundaryKind::Process, *Call,
               *Call->getCallee(), Name, replacement(Name), "",
               /*Replace=*/true);
}

} // namespace telegen
