//===- ExecutorBoundaryMatcher.cpp - Executors' callables -----------------===//
#include "Instrument/ExecutorBoundaryMatcher.h"
#include "Instrument/CallSiteWrapper.h"
#include "Instrument/Reporter.h"
#include "Instrument/SpanAnnotation.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {
namespace {

constexpr llvm::StringLiteral CallId = "call";
constexpr llvm::StringLiteral ConstructId = "construct";
constexpr llvm::StringLiteral SchemaCallId = "schema-call";
constexpr llvm::StringLiteral SchemaConstructId = "schema-construct";

/// The annotation and the declaration that carries it, looking through
/// template instantiations to the template.
std::pair<const AnnotateAttr *, const FunctionDecl *>
findPropagate(const FunctionDecl &Callee) {
  // The template first: an instantiation's parameters have concrete types.
  const FunctionDecl *Candidates[] = {Callee.getTemplateInstantiationPattern(),
                                      &Callee};
  for (const FunctionDecl *Candidate : Candidates) {
    if (!Candidate)
      continue;
    for (const FunctionDecl *Redecl : Candidate->redecls())
      if (const AnnotateAttr *Attr =
              findTelegenAnnotation(*Redecl, PropagateAnnotationPrefix))
        if (!Attr->isInherited())
          return {Attr, Redecl};
  }
  return {nullptr, nullptr};
}

enum class Callability { No, Yes, FunctionPointer };

/// Whether a parameter of this type can receive a callable telegen can wrap.
Callability callability(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isFunctionPointerType() || Type->isFunctionType())
    return Callability::FunctionPointer;
  if (isa<TemplateTypeParmType>(Type.getCanonicalType()))
    return Callability::Yes;
  if (const CXXRecordDecl *Record = Type->getAsCXXRecordDecl()) {
    if (Record->isInStdNamespace() &&
        (Record->getName() == "function" ||
         Record->getName() == "move_only_function" ||
         Record->getName() == "packaged_task"))
      return Callability::Yes;
    if (Record->hasDefinition())
      for (const CXXMethodDecl *Method : Record->methods())
        if (Method->getOverloadedOperator() == OO_Call)
          return Callability::Yes;
  }
  return Callability::No;
}

} // namespace

void ExecutorBoundaryMatcher::registerMatchers(MatchFinder &Finder) {
  if (Context.Schema && !Context.Schema->Propagation.empty()) {
    std::vector<std::string> Qualified;
    for (const schema::PropagationBoundary &B : Context.Schema->Propagation)
      Qualified.push_back("::" + B.Function);
    std::vector<llvm::StringRef> Names(Qualified.begin(), Qualified.end());
    Finder.addMatcher(callExpr(isExpansionInMainFile(),
                               callee(functionDecl(hasAnyName(Names))))
                          .bind(SchemaCallId),
                      this);
    Finder.addMatcher(cxxConstructExpr(isExpansionInMainFile(),
                                       hasDeclaration(cxxConstructorDecl(
                                           hasAnyName(Names))))
                          .bind(SchemaConstructId),
                      this);
  }
  Finder.addMatcher(callExpr(isExpansionInMainFile(),
                             callee(functionDecl(hasAttr(attr::Annotate))))
                        .bind(CallId),
                    this);
  Finder.addMatcher(cxxConstructExpr(isExpansionInMainFile(),
                                     hasDeclaration(cxxConstructorDecl(
                                         hasAttr(attr::Annotate))))
                        .bind(ConstructId),
                    this);
}

std::optional<unsigned>
ExecutorBoundaryMatcher::callableParameter(const FunctionDecl &Callee,
                                              ASTContext &AST) {
  auto [Attr, Naming] = findPropagate(Callee);
  auto Cached = Parameters.find(Naming);
  if (Cached != Parameters.end())
    return Cached->second;
  std::optional<unsigned> &Found = Parameters[Naming];

  Reporter Diags(AST.getDiagnostics());
  SourceLocation Loc = AST.getSourceManager().getExpansionLoc(Attr->getLocation());
  llvm::StringRef Named =
      Attr->getAnnotation().drop_front(PropagateAnnotationPrefix.size()).trim();
  std::string Function = Naming->getQualifiedNameAsString();

  std::vector<std::string> Names;
  std::vector<unsigned> Candidates;
  bool SawFunctionPointer = false;
  for (unsigned I = 0; I < Naming->getNumParams(); ++I) {
    const ParmVarDecl *Param = Naming->getParamDecl(I);
    Names.push_back(Param->getNameAsString());
    if (!Named.empty()) {
      if (Param->getName() == Named)
        Candidates.push_back(I);
      continue;
    }
    if (Param->isParameterPack())
      continue;
    Callability C = callability(Param->getType());
    SawFunctionPointer |= C == Callability::FunctionPointer;
    if (C == Callability::Yes)
      Candidates.push_back(I);
  }

  if (!Named.empty() && Candidates.empty()) {
    Diags.error(Loc, "TELEGEN_PROPAGATE_ARG names '" + Named.str() + "', but '" +
                         Function + "' has no such parameter; its parameters are " +
                         llvm::join(Names, ", "));
    return std::nullopt;
  }
  if (!Named.empty() &&
      callability(Naming->getParamDecl(Candidates.front())->getType()) ==
          Callability::FunctionPointer) {
    Diags.error(Loc, "parameter '" + Named.str() + "' of '" + Function +
                         "' is a function pointer, which cannot carry a "
                         "context; take a template parameter or std::function");
    return std::nullopt;
  }
  if (Candidates.empty()) {
    Diags.error(Loc, "TELEGEN_PROPAGATE on '" + Function + "' finds no callable "
                         "parameter" +
                         (SawFunctionPointer
                              ? std::string(" (a function pointer cannot carry "
                                            "a context; take a template "
                                            "parameter or std::function)")
                              : std::string("")) +
                         "; name it with TELEGEN_PROPAGATE_ARG(param)");
    return std::nullopt;
  }
  if (Candidates.size() > 1) {
    std::vector<std::string> Ambiguous;
    for (unsigned I : Candidates)
      Ambiguous.push_back(Names[I]);
    Diags.error(Loc, "TELEGEN_PROPAGATE on '" + Function +
                         "' finds several callable parameters (" +
                         llvm::join(Ambiguous, ", ") +
                         "); name one with TELEGEN_PROPAGATE_ARG(param)");
    return std::nullopt;
  }
  Found = Candidates.front();
  return Found;
}

const schema::PropagationBoundary *
ExecutorBoundaryMatcher::schemaBoundary(const FunctionDecl &Callee) const {
  std::string Name = Callee.getQualifiedNameAsString();
  for (const schema::PropagationBoundary &B : Context.Schema->Propagation)
    if (B.Function == Name)
      return &B;
  return nullptr;
}

bool ExecutorBoundaryMatcher::schemaParameterIsCallable(
    const FunctionDecl &Callee, const schema::PropagationBoundary &Boundary,
    const Expr &Call, ASTContext &AST) {
  auto [Cached, First] = SchemaParameters.try_emplace(&Callee, true);
  if (!First)
    return Cached->second;
  std::string Declared = "the schema's propagation boundary '" +
                         Boundary.Function + "' (" + Boundary.Loc.File + ":" +
                         std::to_string(Boundary.Loc.Line) + ":" +
                         std::to_string(Boundary.Loc.Column) + ")";
  std::string Problem;
  if (Boundary.CallableArg >= Callee.getNumParams()) {
    Problem = Declared + " names callable_arg " +
              std::to_string(Boundary.CallableArg) + ", but '" +
              Boundary.Function + "' has " +
              std::to_string(Callee.getNumParams()) + " parameter" +
              (Callee.getNumParams() == 1 ? "" : "s") +
              "; give the 0-based index of its callable parameter";
  } else {
    const ParmVarDecl *Param = Callee.getParamDecl(Boundary.CallableArg);
    if (callability(Param->getType()) != Callability::Yes)
      Problem = Declared + " names callable_arg " +
                std::to_string(Boundary.CallableArg) + ", parameter '" +
                Param->getNameAsString() + "' of type '" +
                Param->getType().getAsString() +
                "', which cannot carry a context; name a parameter that "
                "takes a callable (a template parameter, std::function, a "
                "class with operator())";
  }
  if (Problem.empty())
    return true;
  Reporter(AST.getDiagnostics())
      .error(AST.getSourceManager().getExpansionLoc(Call.getBeginLoc()),
             Problem);
  Cached->second = false;
  return false;
}

void ExecutorBoundaryMatcher::run(const MatchFinder::MatchResult &Result) {
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  if (const auto *C = Result.Nodes.getNodeAs<CallExpr>(SchemaCallId))
    Call = C, Callee = C->getDirectCallee(),
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  else if (const auto *C =
               Result.Nodes.getNodeAs<CXXConstructExpr>(SchemaConstructId))
    Call = C, Callee = C->getConstructor(),
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  if (Call) {
    const schema::PropagationBoundary *Boundary =
        Callee ? schemaBoundary(*Callee) : nullptr;
    if (!Boundary || isa<CXXOperatorCallExpr>(Call) ||
        !schemaParameterIsCallable(*Callee, *Boundary, *Call,
                                   *Result.Context) ||
        Boundary->CallableArg >= Args.size() ||
        isa<CXXDefaultArgExpr>(Args[Boundary->CallableArg]) ||
        isBoundContext(*Args[Boundary->CallableArg]))
      return;
    wrapCallSite(Context, *Result.Context, BoundaryKind::Executor, *Call,
                 *Args[Boundary->CallableArg], Boundary->Function,
                 BindContextPrefix, ")");
    return;
  }
  if (const auto *C = Result.Nodes.getNodeAs<CallExpr>(CallId)) {
    // A member operator's first argument is the object, not a parameter.
    if (isa<CXXOperatorCallExpr>(C))
      return;
    Call = C;
    Callee = C->getDirectCallee();
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  } else if (const auto *C = Result.Nodes.getNodeAs<CXXConstructExpr>(ConstructId)) {
    Call = C;
    Callee = C->getConstructor();
    Args = llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  }
  if (!Callee || !findPropagate(*Callee).first)
    return;
  std::optional<unsigned> Index = callableParameter(*Callee, *Result.Context);
  if (!Index || *Index >= Args.size() || isa<CXXDefaultArgExpr>(Args[*Index]) ||
      isBoundContext(*Args[*Index]))
    return;
  wrapCallSite(Context, *Result.Context, BoundaryKind::Executor, *Call,
               *Args[*Index], Callee->getQualifiedNameAsString(),
               BindContextPrefix, ")");
}

} // namespace telegen
