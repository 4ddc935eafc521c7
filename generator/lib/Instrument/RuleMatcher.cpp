//===- RuleMatcher.cpp - Functions matched by schema rules ----------------===//
#include "Instrument/RuleMatcher.h"
#include "Instrument/BodySize.h"
#include "Instrument/FunctionInstrumenter.h"
#include "Instrument/NamePattern.h"
#include "Instrument/SourcePaths.h"

#include "clang/AST/DeclCXX.h"
#include "llvm/Support/FormatVariadic.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {

static constexpr llvm::StringLiteral FunctionId = "function";

/// Why the rule leaves out Definition as too small, or "".
static std::string whyTooSmall(const FunctionDecl &Definition,
                               const schema::Rule &Rule) {
  if (Rule.MinSize == 0)
    return "";
  BodySize Size = measureBody(*Definition.getBody());
  if (Size.HasLoop || Size.total() >= Rule.MinSize)
    return "";
  auto Plural = [](unsigned N) { return N == 1 ? "" : "s"; };
  return llvm::formatv("it is too small: {0} statement{1} and {2} call{3}, "
                       "below the rule's min_size of {4} (min_size: 0 on the "
                       "rule, or TELEGEN_SPAN on the function, instruments it)",
                       Size.Statements, Plural(Size.Statements), Size.Calls,
                       Plural(Size.Calls), Rule.MinSize);
}

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
      functionDecl(isDefinition(), isInProjectFile(&Context.Files),
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
  RuleUsage &Usage = Context.Model.Rules[Rule - Context.Schema->Rules.data()];

  const SourceManager &SM = *Result.SourceManager;
  SourceLocation NameLoc = SM.getExpansionLoc(Definition->getLocation());
  Reporter Diags(Result.Context->getDiagnostics());
  FunctionInstrumenter Instrumenter(*Result.Context, Context.Files, Diags);
  auto Skip = [&](std::string Why) {
    Context.Model.Skipped.push_back({absoluteFilePath(SM, NameLoc), Name,
                                     SM.getExpansionLineNumber(NameLoc),
                                     std::move(Why)});
  };
  if (std::string Why = Instrumenter.whyNotInstrumentable(*Definition);
      !Why.empty()) {
    ++Usage.NotInstrumentable;
    return Skip(std::move(Why));
  }
  if (std::string Why = whyTooSmall(*Definition, *Rule); !Why.empty()) {
    ++Usage.TooSmall;
    return Skip(std::move(Why));
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
    ++Usage.Instrumented;
  }
}

} // namespace telegen
