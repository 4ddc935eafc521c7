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

/// What a form adds to TELEGEN_SPAN's arguments: the messaging forms fix
/// the kind and need a carrier, which TELEGEN_SPAN has no use for.
static bool checkMessagingForm(const SpanAnnotationForm &Form,
                               SpanAnnotation &Spec,
                               const AnnotationLocator &Locator,
                               Reporter &Diags) {
  if (!Form.FixedKind) {
    if (Spec.Carrier)
      Diags.error(Locator.locate(Spec.Carrier->Offset),
                  "'carrier' names a message's context field; use "
                  "TELEGEN_PRODUCER on the function that enqueues the message "
                  "or TELEGEN_CONSUMER on its handler instead of TELEGEN_SPAN");
    return !Spec.Carrier;
  }
  if (Spec.Kind) {
    Diags.error(Locator.locate(Spec.KindOffset),
                Form.Macro.str() + " always makes a " +
                    schema::name(*Form.FixedKind).str() +
                    " span; remove 'kind'");
    return false;
  }
  if (!Spec.Carrier) {
    Diags.error(Locator.locate(Spec.NameOffset),
                Form.Macro.str() +
                    " needs 'carrier = ...': the message member "
                    "that carries the trace context, e.g. " +
                    Form.Macro.str() + "(\"" + Spec.Name +
                    "\", carrier = job.trace_context)");
    return false;
  }
  Spec.Kind = Form.FixedKind;
  return true;
}

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

const AnnotateAttr *findSpanAnnotation(const Decl &D) {
  for (const auto *Attr : D.specific_attrs<AnnotateAttr>())
    if (spanAnnotationForm(Attr->getAnnotation()))
      return Attr;
  return nullptr;
}

void SpanAnnotationMatcher::run(const MatchFinder::MatchResult &Result) {
  const auto *Definition = Result.Nodes.getNodeAs<FunctionDecl>(FunctionId);
  if (!findSpanAnnotation(*Definition))
    return;
  const SourceManager &SM = *Result.SourceManager;
  Reporter Diags(Result.Context->getDiagnostics());

  // The annotation as written (not inherited), and the declaration carrying
  // it, whose parameter names the attributes use.
  const AnnotateAttr *Written = nullptr;
  const FunctionDecl *NamingDecl = nullptr;
  for (const FunctionDecl *Redecl : Definition->redecls()) {
    for (const auto *Attr : Redecl->specific_attrs<AnnotateAttr>()) {
      if (!spanAnnotationForm(Attr->getAnnotation()) || Attr->isInherited())
        continue;
      if (Written) {
        Diags.error(
            SM.getExpansionLoc(Attr->getLocation()),
            "'" + Definition->getQualifiedNameAsString() +
                "' has more than one span annotation (" +
                spanAnnotationForm(Attr->getAnnotation())->Macro.str() + ", " +
                spanAnnotationForm(Written->getAnnotation())->Macro.str() +
                "); keep one");
        Diags.note(SM.getExpansionLoc(Written->getLocation()),
                   "the other one is here");
        return;
      }
      Written = Attr;
      NamingDecl = Redecl;
    }
  }
  if (!Written)
    return;
  const SpanAnnotationForm &Form =
      *spanAnnotationForm(Written->getAnnotation());
  llvm::StringRef Text =
      Written->getAnnotation().drop_front(Form.Prefix.size());
  AnnotationLocator Locator(*Written, Text, SM, Result.Context->getLangOpts());

  if (const AnnotateAttr *Excluded =
          findTelegenAnnotation(*Definition, NoInstrumentAnnotation)) {
    Diags.error(Locator.annotationLoc(),
                "'" + Definition->getQualifiedNameAsString() +
                    "' is marked both " + Form.Macro.str() +
                    " and TELEGEN_NO_INSTRUMENT; remove one");
    Diags.note(SM.getExpansionLoc(Excluded->getLocation()),
               "TELEGEN_NO_INSTRUMENT is here");
    return;
  }

  AnnotationProblem Problem;
  std::optional<SpanAnnotation> Spec =
      parseSpanAnnotation(Text, Problem, Form.Macro);
  if (!Spec) {
    Diags.error(Locator.locate(Problem.Offset), Problem.Message);
    return;
  }
  if (!checkMessagingForm(Form, *Spec, Locator, Diags))
    return;

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
    if (Form.FixedKind && *Form.FixedKind != Declared->Kind) {
      Diags.error(Locator.locate(Spec->NameOffset),
                  Form.Macro.str() + " needs a " +
                      schema::name(*Form.FixedKind).str() + " span, but '" +
                      Spec->Name + "' is declared as " +
                      schema::name(Declared->Kind).str() +
                      " in the schema; declare it with 'kind: " +
                      schema::name(*Form.FixedKind).str() + "'");
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
