//===- SystemHeaderRules.cpp - Rules that match only system headers -------===//
#include "Instrument/SystemHeaderRules.h"
#include "Instrument/NamePattern.h"
#include "Instrument/RuleMatcher.h"
#include "Instrument/SourcePaths.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace telegen {
namespace {

/// Walks the declarations of system headers. Namespaces that no waiting
/// rule's first name component can match (std, __gnu_cxx, ...) are skipped
/// whole, so the standard library costs little.
class SystemHeaderWalker {
public:
  SystemHeaderWalker(const SourceManager &SM, const schema::Model &Schema,
                     const ProjectFiles &Files, std::vector<RuleUsage> &Usage)
      : SM(SM), Schema(Schema), Files(Files), Usage(Usage) {
    for (size_t I = 0; I < Schema.Rules.size(); ++I) {
      if (Usage[I].matchedProjectCode())
        continue;
      Waiting.push_back(I);
      for (const schema::Ref &Include : Schema.Rules[I].Include)
        FirstComponents.push_back(
            llvm::StringRef(Include.Name).split("::").first);
    }
  }

  bool anyWaiting() const { return !Waiting.empty(); }

  void walkTopLevel(const DeclContext &Context) {
    for (const Decl *D : Context.decls()) {
      // Qualified names leave out extern "C++" blocks and inline namespaces.
      const auto *Namespace = dyn_cast<NamespaceDecl>(D);
      if (isa<LinkageSpecDecl>(D) || (Namespace && Namespace->isInline())) {
        walkTopLevel(*cast<DeclContext>(D));
        continue;
      }
      if (Namespace && Namespace->getDeclName().isIdentifier() &&
          !mayMatch(Namespace->getName()))
        continue;
      walk(*D);
    }
  }

private:
  bool mayMatch(llvm::StringRef Namespace) const {
    return llvm::any_of(FirstComponents, [&](llvm::StringRef Pattern) {
      return Pattern == "**" || matchesComponentPattern(Pattern, Namespace);
    });
  }

  void walkAll(const DeclContext &Context) {
    for (const Decl *D : Context.decls())
      walk(*D);
  }

  void walk(const Decl &D) {
    if (const auto *Function = dyn_cast<FunctionDecl>(&D))
      return visit(*Function);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(&D))
      return visit(*Template->getTemplatedDecl());
    if (const auto *Template = dyn_cast<ClassTemplateDecl>(&D))
      return walk(*Template->getTemplatedDecl());
    if (const auto *Record = dyn_cast<CXXRecordDecl>(&D)) {
      if (Record->isThisDeclarationADefinition() && !Record->isLambda())
        walkAll(*Record);
      return;
    }
    if (isa<NamespaceDecl, LinkageSpecDecl>(D))
      walkAll(*cast<DeclContext>(&D));
  }

  void visit(const FunctionDecl &Function) {
    if (!Function.isThisDeclarationADefinition() || Function.isImplicit() ||
        Files.contains(SM, Function.getLocation()))
      return;
    std::string Name = Function.getQualifiedNameAsString();
    if (llvm::StringRef(Name).starts_with("telegen::"))
      return;
    const schema::Rule *Rule = findRule(Schema, Name);
    if (!Rule)
      return;
    size_t Index = Rule - Schema.Rules.data();
    if (!llvm::is_contained(Waiting, Index))
      return;
    RuleUsage &Entry = Usage[Index];
    if (Entry.InSystemHeaders++ == 0) {
      Entry.SystemHeaderFunction = std::move(Name);
      Entry.SystemHeaderFile = absoluteFilePath(SM, Function.getLocation());
    }
  }

  const SourceManager &SM;
  const schema::Model &Schema;
  const ProjectFiles &Files;
  std::vector<RuleUsage> &Usage;
  std::vector<size_t> Waiting;
  std::vector<llvm::StringRef> FirstComponents;
};

} // namespace

void countRuleMatchesInSystemHeaders(ASTContext &AST,
                                     const schema::Model &Schema,
                                     const ProjectFiles &Files,
                                     std::vector<RuleUsage> &Usage) {
  SystemHeaderWalker Walker(AST.getSourceManager(), Schema, Files, Usage);
  if (Walker.anyWaiting())
    Walker.walkTopLevel(*AST.getTranslationUnitDecl());
}

} // namespace telegen
