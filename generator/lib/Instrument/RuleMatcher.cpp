//===- RuleMatcher.cpp - Functions matched by schema rules ----------------===//
#include "Instrument/RuleMatcher.h"
#include "Instrument/FunctionInstrumenter.h"
#include "Instrument/NamePattern.h"

#include "clang/AST/DeclCXX.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {

static constexpr llvm::StringLiteral FunctionId = "function";

const schema::Rule *findRule(const schema::Model &Schema,
                             llvm::StringRef QualifiedName) {
  auto Matches = [&](const schema::Ref &Pattern) {
    return matchesNamePattern(Pattern.Name, QualifiedName);
  };
  for (const schema::Rule &Rule : Schema.Rules)
    if (llvm::any_of(Rule.Include, Matches) && llvm::none_of(Rule.Exclude, Matches))
      return &Rule;
  return nullptr;
}

void RuleMatcher::registerMatchers(MatchFinder &Finder) {
  if (!Context.Schema || Context.Schema->Rules.empty())
    return;
  Finder.addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()),
                   unless(isImplicit()), unless(isTemplateInstantiation()),
                   unless(cxxMethodDecl(ofClass(cxxRecordDecl(isLambda())))))
          .bind(FunctionId),
      this);
}

void RuleMatcher::run(const MatchFinder::MatchResult &Result) {
  const auto *Definition = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId);
  if (Context.Planned.count(Definition) || findSpanAnnotation(*Definition) ||
      findTelegenAnnotation(*Definition, NoInstrumentAnnotation))
    return;
  std::string Name = Definition->getQualifiedNameAsString();
  // The runtime's own functions would start spans inside span code.
  if (llvm::StringRef(Name).starts_with("telegen::"))
    return;
  const schema::Rule *Rule = findRule(*Context.Schema, Name);
  if (!Rule)
    return;

  const SourceManager &SM = *Result.SourceManager;
  SourceLocation NameLoc = SM.getExpansionLoc(Definition->getLocation());
  Reporter Diags(Result.Context->getDiagnostics());
  FunctionInstrumenter Instrumenter(*Result.Context, Diags);
  std::string Why = Instrumenter.whyNotInstrumentable(*Definition);
  if (!Why.empty()) {
    Context.Model.Skipped.push_back({Name, SM.getExpansionLineNumber(NameLoc), Why});
    return;
  }

  SpanRequest Request;
  Request.Origin = InstrumentOrigin::Rule;
  Request.NamingDecl = Definition;
  Request.Locate = [NameLoc](unsigned) { return NameLoc; };
  Request.Spec.Name = Rule->Span ? Rule->Span->Name : Name;
  Request.Spec.Kind = Rule->Kind;
  if (Rule->Span) {
    Request.Declared = Context.Schema->findSpan(Rule->Span->Name);
    // The declared span's attributes record the parameters of those names.
    for (const schema::Field &Attribute : Request.Declared->Attributes)
      for (const ParmVarDecl *Param : Definition->parameters())
        if (Param->getName() == Attribute.Name) {
          AttributeSpec Spec;
          Spec.Key = Attribute.Name;
          Spec.Path.push_back({Attribute.Name, false, false});
          Request.Spec.Attributes.push_back(std::move(Spec));
        }
  }
  if (std::optional<InstrumentedFunction> F = Instrumenter.plan(*Definition, Request)) {
    Context.Planned.insert(Definition);
    Context.Model.Functions.push_back(std::move(*F));
  }
}

} // namespace telegen
