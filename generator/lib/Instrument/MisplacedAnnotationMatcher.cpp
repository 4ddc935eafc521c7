//===- MisplacedAnnotationMatcher.cpp - Annotations that do nothing -------===//
#include "Instrument/MisplacedAnnotationMatcher.h"
#include "Instrument/InstrumentContext.h"
#include "Instrument/Reporter.h"
#include "Instrument/SpanAnnotation.h"

#include "clang/AST/Attr.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace telegen {

static constexpr llvm::StringLiteral NonFunctionId = "non-function";
static constexpr llvm::StringLiteral DeclarationId = "declaration";

void MisplacedAnnotationMatcher::registerMatchers(MatchFinder &Finder) {
  Finder.addMatcher(decl(hasAttr(attr::Annotate), unless(functionDecl()),
                         isInProjectFile(&Files))
                        .bind(NonFunctionId),
                    this);
  Finder.addMatcher(functionDecl(hasAttr(attr::Annotate),
                                 unless(isDefinition()),
                                 isExpansionInMainFile(),
                                 unless(isTemplateInstantiation()))
                        .bind(DeclarationId),
                    this);
}

static const AnnotateAttr *anyTelegenAnnotation(const Decl &D) {
  if (const AnnotateAttr *Span = findSpanAnnotation(D))
    return Span;
  return findTelegenAnnotation(D, NoInstrumentAnnotation);
}

static llvm::StringRef macroName(const AnnotateAttr &Attr) {
  const SpanAnnotationForm *Form = spanAnnotationForm(Attr.getAnnotation());
  return Form ? llvm::StringRef(Form->Macro) : "TELEGEN_NO_INSTRUMENT";
}

void MisplacedAnnotationMatcher::run(const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  Reporter Diags(Result.Context->getDiagnostics());

  if (const auto *D = Result.Nodes.getNodeAs<Decl>(NonFunctionId)) {
    // Function templates are checked through their templated function.
    if (isa<FunctionTemplateDecl>(D))
      return;
    const AnnotateAttr *Attr = anyTelegenAnnotation(*D);
    if (!Attr || Attr->isInherited())
      return;
    std::string What = D->getDeclKindName();
    if (const auto *Named = dyn_cast<NamedDecl>(D))
      What += " '" + Named->getNameAsString() + "'";
    Diags.error(SM.getExpansionLoc(Attr->getLocation()),
                (macroName(*Attr) + " applies to functions, not to " +
                 llvm::StringRef(What).lower() + "; move it to a function declaration")
                    .str());
    return;
  }

  const auto *Declaration = Result.Nodes.getNodeAs<FunctionDecl>(DeclarationId);
  const AnnotateAttr *Attr = anyTelegenAnnotation(*Declaration);
  if (!Attr || Attr->isInherited())
    return;
  const FunctionDecl *Definition = Declaration->getDefinition();
  if (Definition && Files.contains(SM, Definition->getLocation()))
    return;
  if (Declaration->isPureVirtual()) {
    Diags.error(SM.getExpansionLoc(Attr->getLocation()),
                (macroName(*Attr) + " on pure virtual '" +
                 Declaration->getQualifiedNameAsString() +
                 "' does nothing; annotate the overriding functions")
                    .str());
    return;
  }
  Diags.warning(SM.getExpansionLoc(Attr->getLocation()),
                (macroName(*Attr) + " on '" +
                 Declaration->getQualifiedNameAsString() +
                 "' does nothing: it is not defined in this file, and only "
                 "files that include this declaration see it; put it on a "
                 "declaration in a header, or on the definition")
                    .str());
}

} // namespace telegen
