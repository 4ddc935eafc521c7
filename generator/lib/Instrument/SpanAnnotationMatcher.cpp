//===- SpanAnnotationMatcher.cpp - Functions marked TELEGEN_SPAN ----------===//
#include "Instrument/SpanAnnotationMatcher.h"
#include "Instrument/AnnotationLocator.h"
#include "Instrument/FunctionInstrumenter.h"
#include "Check/NamingRules.h"
#include "Support/Suggest.h"

#include "clang/AST/Attr.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {

static constexpr llvm::StringLiteral FunctionId = "function";

const AnnotateAttr *findTelegenAnnotation(const Decl &D, llvm::StringRef Prefix) {
  for (const auto *Attr : D.specific_attrs<AnnotateAttr>())
    if (Attr->getAnnotation().starts_with(Prefix))
      return Attr;
  return nullptr;
}

void SpanAnnotationMatcher::registerMatchers(MatchFinder &Finder) {
  Finder.addMatcher(functionDecl(isDefinition(), hasAttr(attr::Annotate),
                                 isInProjectFile(&Context.Files),
                                 unless(isTemplateInstantiation()))
                        .bind(FunctionId),
                    this);
}

void SpanAnnotationMatcher::run(const MatchFinder::MatchResult &Result) {
  const auto *Definition = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId);
  if (!findTelegenAnnotation(*Definition, SpanAnnotationPrefix))
    return;
  const SourceManager &SM = *Result.SourceManager;
  Reporter Diags(Result.Context->getDiagnostics());

  // The annotation as written (not inherited), and the declaration carrying
  // it, whose parameter names the attributes use.
  const AnnotateAttr *Written = nullptr;
  const FunctionDecl *NamingDecl = nullptr;
  for (const FunctionDecl *Redecl : Definition->redecls()) {
    const AnnotateAttr *Attr = findTelegenAnnotation(*Redecl, SpanAnnotationPrefix);
    if (Attr && !Attr->isInherited()) {
      if (Written) {
        Reporter(Result.Context->getDiagnostics())
            .error(SM.getExpansionLoc(Attr->getLocation()),
                   "'" + Definition->getQualifiedNameAsString() +
                       "' has more than one TELEGEN_SPAN; keep one");
        Diags.note(SM.getExpansionLoc(Written->getLocation()),
                   "the other TELEGEN_SPAN is here");
        return;
      }
      Written = Attr;
      NamingDecl = Redecl;
    }
  }
  if (!Written)
    return;
  llvm::StringRef Text =
      Written->getAnnotation().drop_front(SpanAnnotationPrefix.size());
  AnnotationLocator Locator(*Written, Text, SM, Result.Context->getLangOpts());

  if (const AnnotateAttr *Excluded =
          findTelegenAnnotation(*Definition, NoInstrumentAnnotation)) {
    Diags.error(Locator.annotationLoc(),
                "'" + Definition->getQualifiedNameAsString() +
                    "' is marked both TELEGEN_SPAN and TELEGEN_NO_INSTRUMENT; "
                    "remove one");
    Diags.note(SM.getExpansionLoc(Excluded->getLocation()),
               "TELEGEN_NO_INSTRUMENT is here");
    return;
  }

  AnnotationProblem Problem;
  std::optional<SpanAnnotation> Spec = parseSpanAnnotation(Text, Problem);
  if (!Spec) {
    Diags.error(Locator.locate(Problem.Offset), Problem.Message);
    return;
  }

  const schema::Span *Declared = nullptr;
  if (Context.Schema) {
    Declared = Context.Schema->findSpan(Spec->Name);
    if (!Declared) {
      std::vector<llvm::StringRef> Names;
      for (const schema::Span &S : Context.Schema->Spans)
        Names.push_back(S.Name);
      llvm::StringRef Suggestion = closestSpelling(Spec->Name, Names);
      Diags.error(Locator.locate(Spec->NameOffset),
                  "span '" + Spec->Name + "' is not declared in the schema" +
                      (Suggestion.empty()
                           ? std::string("; declare it under 'spans:'")
                           : "; did you mean '" + Suggestion.str() + "'?"));
      return;
    }
    if (Spec->Kind && *Spec->Kind != Declared->Kind) {
      Diags.error(Locator.locate(Spec->KindOffset),
                  "span '" + Spec->Name + "' is declared as " +
                      schema::name(Declared->Kind).str() +
                      " in the schema; remove 'kind' here or change the schema");
      return;
    }
    Spec->Kind = Declared->Kind;
  } else if (!naming::isDottedSnakeCase(Spec->Name)) {
    Diags.error(Locator.locate(Spec->NameOffset),
                "span name '" + Spec->Name +
                    "' must be snake_case words joined by dots, e.g. '" +
                    naming::toSnakeCase(Spec->Name) + "'");
    return;
  }

  SpanRequest Request;
  Request.Declared = Declared;
  Request.Spec = std::move(*Spec);
  Request.Origin = InstrumentOrigin::Annotation;
  Request.NamingDecl = NamingDecl;
  Request.Locate = [&Locator](unsigned Offset) { return Locator.locate(Offset); };

  FunctionInstrumenter Instrumenter(*Result.Context, Context.Files, Diags);
  if (std::optional<InstrumentedFunction> F =
          Instrumenter.plan(*Definition, Request)) {
    Context.Planned.insert(Definition);
    Context.Model.Functions.push_back(std::move(*F));
  }
}

} // namespace telegen
