//===- Instrumenter.cpp - Instrument one translation unit -----------------===//
#include "Instrument/Instrumenter.h"
#include "Instrument/ExecutorBoundaryMatcher.h"
#include "Instrument/InstrumentContext.h"
#include "Instrument/GeneratedEnumNotes.h"
#include "Instrument/AsioBoundaryMatcher.h"
#include "Instrument/MisplacedAnnotationMatcher.h"
#include "Instrument/ProcessBoundaryMatcher.h"
#include "Instrument/RuleMatcher.h"
#include "Instrument/SourcePaths.h"
#include "Instrument/SourceRewriter.h"
#include "Instrument/SpanAnnotationMatcher.h"
#include "Instrument/StdThreadBoundaryMatcher.h"
#include "Instrument/SystemHeaderRules.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tooling;

namespace telegen {
namespace {

/// Parses function bodies only in the project's code: telegen rewrites
/// nothing in system headers, and skipping the bodies of the standard
/// library's functions (and so their template instantiations) is what makes
/// instrumenting cheaper than compiling.
class ProjectBodiesOnly : public ASTConsumer {
public:
  ProjectBodiesOnly(const SourceManager &SM, const ProjectFiles &Files)
      : SM(SM), Files(Files) {}
  bool shouldSkipFunctionBody(Decl *D) override {
    return !Files.contains(SM, D->getLocation());
  }

private:
  const SourceManager &SM;
  const ProjectFiles &Files;
};

/// After the matchers: what the rules that matched none of the project's
/// functions would match in system headers.
class RulesInSystemHeaders : public ASTConsumer {
public:
  explicit RulesInSystemHeaders(InstrumentContext &Context)
      : Context(Context) {}
  void HandleTranslationUnit(ASTContext &AST) override {
    countRuleMatchesInSystemHeaders(AST, *Context.Schema, Context.Files,
                                    Context.Model.Rules);
  }

private:
  InstrumentContext &Context;
};

/// An #include in the project's code (the main file, a header that is not
/// a system header or one instrumented on purpose),
/// as the preprocessor resolved it.
struct IncludeDirective {
  std::string Includer;
  unsigned Begin = 0;
  unsigned End = 0;
  std::string Target;
  /// Found in the includer's own directory.
  bool Relative = false;
  /// The target is a system header: the compiler that builds the rewritten
  /// file finds its own (Clang's resource headers are not GCC's).
  bool System = false;
};

class IncludeRecorder : public PPCallbacks {
public:
  IncludeRecorder(const SourceManager &SM, const ProjectFiles &Files,
                  std::vector<IncludeDirective> &Out)
      : SM(SM), Files(Files), Out(Out) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &, StringRef,
                          bool IsAngled, CharSourceRange FilenameRange,
                          OptionalFileEntryRef File, StringRef SearchPath,
                          StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind FileType) override {
    if (!File || HashLoc.isMacroID() || FilenameRange.getBegin().isMacroID() ||
        !Files.contains(SM, HashLoc))
      return;
    OptionalFileEntryRef Includer =
        SM.getFileEntryRefForID(SM.getFileID(HashLoc));
    if (!Includer)
      return;
    IncludeDirective Directive;
    Directive.Includer = absolutePath(SM, Includer->getName());
    Directive.Begin = SM.getFileOffset(FilenameRange.getBegin());
    Directive.End = SM.getFileOffset(FilenameRange.getEnd());
    Directive.Target = absolutePath(SM, File->getName());
    Directive.Relative =
        !IsAngled && SearchPath == llvm::sys::path::parent_path(Includer->getName());
    Directive.System = FileType != SrcMgr::C_User;
    Out.push_back(std::move(Directive));
  }

private:
  const SourceManager &SM;
  const ProjectFiles &Files;
  std::vector<IncludeDirective> &Out;
};

/// The headers to rewrite: those with instrumented code, and every project
/// header that includes one of them, so the translation unit reaches only
/// the rewritten copies.
std::set<std::string> headersToRewrite(const InstrumentModel &Model,
                                       const std::vector<IncludeDirective> &Includes) {
  std::set<std::string> Headers;
  for (const InstrumentedFunction &F : Model.Functions)
    if (F.File != Model.MainFile)
      Headers.insert(F.File);
  for (const WrappedCall &C : Model.Calls)
    if (C.File != Model.MainFile)
      Headers.insert(C.File);
  bool Grew = true;
  while (Grew) {
    Grew = false;
    for (const IncludeDirective &D : Includes)
      if (D.Includer != Model.MainFile && Headers.count(D.Target) &&
          Headers.insert(D.Includer).second)
        Grew = true;
  }
  return Headers;
}

class InstrumentAction : public ASTFrontendAction {
public:
  InstrumentAction(InstrumentResult &Result, const InstrumentOptions &Options)
      : Result(Result), HeaderDir(Options.HeaderDir) {
    Context.Schema = Options.Schema;
    Context.Files = ProjectFiles(Options.SystemHeaderDirs);
    if (Options.Schema)
      Context.Model.Rules.resize(Options.Schema->Rules.size());
  }

protected:
  bool BeginSourceFileAction(CompilerInstance &CI) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    Diags.setClient(new GeneratedEnumNotes(Diags), /*ShouldOwnClient=*/true);
    CI.getPreprocessor().addPPCallbacks(std::make_unique<IncludeRecorder>(
        CI.getSourceManager(), Context.Files, Includes));
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    CI.getFrontendOpts().SkipFunctionBodies = true;
    // Annotations first: they take precedence over rules.
    SpanMatcher.registerMatchers(Finder);
    RulesMatcher.registerMatchers(Finder);
    MisplacedMatcher.registerMatchers(Finder);
    ThreadMatcher.registerMatchers(Finder);
    ExecutorMatcher.registerMatchers(Finder);
    ProcessMatcher.registerMatchers(Finder);
    AsioMatcher.registerMatchers(Finder);
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(Finder.newASTConsumer());
    if (Context.Schema)
      Consumers.push_back(std::make_unique<RulesInSystemHeaders>(Context));
    Consumers.push_back(std::make_unique<ProjectBodiesOnly>(
        CI.getSourceManager(), Context.Files));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

  void EndSourceFileAction() override {
    CompilerInstance &CI = getCompilerInstance();
    const SourceManager &SM = CI.getSourceManager();
    Result.Errors = CI.getDiagnostics().getNumErrors();
    Result.Warnings = CI.getDiagnostics().getNumWarnings();
    InstrumentModel &Model = Context.Model;
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    Model.MainFile =
        absolutePath(SM, Main ? Main->getName() : StringRef(getCurrentFile()));
    llvm::sort(Model.Functions, [](const InstrumentedFunction &A,
                                   const InstrumentedFunction &B) {
      return std::tie(A.File, A.BodyBegin) < std::tie(B.File, B.BodyBegin);
    });
    llvm::sort(Model.Calls, [](const WrappedCall &A, const WrappedCall &B) {
      return std::tie(A.File, A.Begin) < std::tie(B.File, B.Begin);
    });
    if (Result.Errors == 0 && !Model.empty())
      rewrite(SM);
    Result.Model = std::move(Model);
  }

private:
  /// Rewrites the main file and the headers on the way to instrumented code.
  void rewrite(const SourceManager &SM) {
    const InstrumentModel &Model = Context.Model;
    std::set<std::string> Headers = headersToRewrite(Model, Includes);
    std::map<std::string, FileEdits> Files;
    auto EditsFor = [&](const std::string &Path) -> FileEdits & {
      FileEdits &Edits = Files[Path];
      Edits.Path = Path;
      return Edits;
    };
    EditsFor(Model.MainFile);
    for (const std::string &Header : Headers)
      EditsFor(Header);
    for (const InstrumentedFunction &F : Model.Functions)
      EditsFor(F.File).Functions.push_back(&F);
    for (const WrappedCall &C : Model.Calls)
      EditsFor(C.File).Calls.push_back(&C);
    for (const IncludeDirective &D : Includes) {
      auto Includer = Files.find(D.Includer);
      if (Includer == Files.end())
        continue;
      bool IncluderIsHeader = D.Includer != Model.MainFile;
      if (Headers.count(D.Target)) {
        Includer->second.Includes.push_back(
            {D.Begin, D.End, rewrittenHeaderPath(HeaderDir, D.Target)});
        // A system header instrumented on purpose stays one for the
        // compiler: its warnings stay hidden.
        if (D.System)
          Files[D.Target].SystemHeader = true;
      } else if (D.Relative || (IncluderIsHeader && !D.System))
        // A rewritten header lives elsewhere: name every header it includes
        // by the path the preprocessor found.
        Includer->second.Includes.push_back({D.Begin, D.End, D.Target});
    }

    FileManager &FM = SM.getFileManager();
    for (auto &[Path, Edits] : Files) {
      auto Buffer = FM.getBufferForFile(Path);
      if (!Buffer)
        continue;
      Edits.Text = (*Buffer)->getBuffer();
      std::string Text = rewriteFile(Edits);
      if (Path == Model.MainFile)
        Result.Text = std::move(Text);
      else
        Result.Headers.push_back(
            {Path, rewrittenHeaderPath(HeaderDir, Path), std::move(Text)});
    }
  }

  InstrumentResult &Result;
  std::string HeaderDir;
  InstrumentContext Context;
  MatchFinder Finder;
  SpanAnnotationMatcher SpanMatcher{Context};
  RuleMatcher RulesMatcher{Context};
  MisplacedAnnotationMatcher MisplacedMatcher{Context.Files};
  StdThreadBoundaryMatcher ThreadMatcher{Context};
  ExecutorBoundaryMatcher ExecutorMatcher{Context};
  ProcessBoundaryMatcher ProcessMatcher{Context};
  AsioBoundaryMatcher AsioMatcher{Context};
  std::vector<IncludeDirective> Includes;
};

class InstrumentActionFactory : public FrontendActionFactory {
public:
  InstrumentActionFactory(InstrumentResult &Result,
                          const InstrumentOptions &Options)
      : Result(Result), Options(Options) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<InstrumentAction>(Result, Options);
  }

private:
  InstrumentResult &Result;
  const InstrumentOptions &Options;
};

/// Hands ClangTool the one command telegen already adjusted.
class SingleCommandDatabase : public CompilationDatabase {
public:
  explicit SingleCommandDatabase(CompileCommand Command)
      : Command(std::move(Command)) {}
  std::vector<CompileCommand> getCompileCommands(StringRef) const override {
    return {Command};
  }

private:
  CompileCommand Command;
};

} // namespace

std::string rewrittenHeaderPath(StringRef HeaderDir, StringRef Original) {
  SmallString<256> Path(HeaderDir);
  llvm::sys::path::append(Path, llvm::sys::path::relative_path(Original));
  return std::string(Path);
}

llvm::Expected<InstrumentResult>
instrumentFile(const CompileCommand &Command,
               const InstrumentOptions &Options) {
  SingleCommandDatabase Database(Command);
  ClangTool Tool(Database, {Command.Filename});
  Tool.setPrintErrorMessage(false);

  InstrumentResult Result;
  InstrumentActionFactory Factory(Result, Options);
  int Status = Tool.run(&Factory);
  if (Status != 0 && Result.Errors == 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "could not parse '%s' with its compile "
                                   "command",
                                   Command.Filename.c_str());
  return Result;
}

} // namespace telegen
