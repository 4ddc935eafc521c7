//===- Instrumenter.cpp - Instrument one translation unit -----------------===//
#include "Instrument/Instrumenter.h"
#include "Instrument/InstrumentContext.h"
#include "Instrument/MisplacedAnnotationMatcher.h"
#include "Instrument/ProcessBoundaryMatcher.h"
#include "Instrument/PropagateAnnotationMatcher.h"
#include "Instrument/SourceRewriter.h"
#include "Instrument/SpanAnnotationMatcher.h"
#include "Instrument/StdThreadBoundaryMatcher.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tooling;

namespace telegen {
namespace {

/// Parses function bodies only in the main file: telegen rewrites nothing
/// else, and skipping the bodies of header functions (and so their template
/// instantiations) is what makes instrumenting cheaper than compiling.
class MainFileBodiesOnly : public ASTConsumer {
public:
  explicit MainFileBodiesOnly(const SourceManager &SM) : SM(SM) {}
  bool shouldSkipFunctionBody(Decl *D) override {
    return !SM.isInMainFile(SM.getExpansionLoc(D->getLocation()));
  }

private:
  const SourceManager &SM;
};

/// Quoted includes of the main file found in its own directory, which the
/// instrumented copy (written elsewhere) must name by absolute path.
class MainFileIncludes : public PPCallbacks {
public:
  MainFileIncludes(const SourceManager &SM, std::vector<IncludeRewrite> &Out)
      : SM(SM), Out(Out) {}

  void InclusionDirective(SourceLocation HashLoc, const Token &, StringRef,
                          bool IsAngled, CharSourceRange FilenameRange,
                          OptionalFileEntryRef File, StringRef SearchPath,
                          StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    if (IsAngled || !File || !SM.isInMainFile(HashLoc) ||
        FilenameRange.getBegin().isMacroID())
      return;
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    if (!Main || SearchPath != llvm::sys::path::parent_path(Main->getName()))
      return;
    SmallString<256> Absolute(File->getName());
    SM.getFileManager().makeAbsolutePath(Absolute);
    llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
    Out.push_back({SM.getFileOffset(FilenameRange.getBegin()),
                   SM.getFileOffset(FilenameRange.getEnd()),
                   std::string(Absolute)});
  }

private:
  const SourceManager &SM;
  std::vector<IncludeRewrite> &Out;
};

class InstrumentAction : public ASTFrontendAction {
public:
  explicit InstrumentAction(InstrumentResult &Result) : Result(Result) {}

protected:
  bool BeginSourceFileAction(CompilerInstance &CI) override {
    CI.getPreprocessor().addPPCallbacks(
        std::make_unique<MainFileIncludes>(CI.getSourceManager(), Includes));
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    CI.getFrontendOpts().SkipFunctionBodies = true;
    SpanMatcher.registerMatchers(Finder);
    MisplacedMatcher.registerMatchers(Finder);
    ThreadMatcher.registerMatchers(Finder);
    PropagateMatcher.registerMatchers(Finder);
    ProcessMatcher.registerMatchers(Finder);
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(Finder.newASTConsumer());
    Consumers.push_back(
        std::make_unique<MainFileBodiesOnly>(CI.getSourceManager()));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

  void EndSourceFileAction() override {
    CompilerInstance &CI = getCompilerInstance();
    const SourceManager &SM = CI.getSourceManager();
    Result.Errors = CI.getDiagnostics().getNumErrors();
    Result.Warnings = CI.getDiagnostics().getNumWarnings();
    InstrumentModel &Model = Context.Model;
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    SmallString<256> MainPath(Main ? Main->getName() : getCurrentFile());
    SM.getFileManager().makeAbsolutePath(MainPath);
    llvm::sys::path::remove_dots(MainPath, /*remove_dot_dot=*/true);
    Model.MainFile = std::string(MainPath);
    llvm::sort(Model.Functions, [](const InstrumentedFunction &A,
                                   const InstrumentedFunction &B) {
      return A.BodyBegin < B.BodyBegin;
    });
    llvm::sort(Model.Calls, [](const WrappedCall &A, const WrappedCall &B) {
      return A.Begin < B.Begin;
    });
    if (Result.Errors == 0 && !Model.empty())
      Result.Text = rewriteSource(SM.getBufferData(SM.getMainFileID()), Model,
                                  Includes);
    Result.Model = std::move(Model);
  }

private:
  InstrumentResult &Result;
  InstrumentContext Context;
  MatchFinder Finder;
  SpanAnnotationMatcher SpanMatcher{Context};
  MisplacedAnnotationMatcher MisplacedMatcher;
  StdThreadBoundaryMatcher ThreadMatcher{Context};
  PropagateAnnotationMatcher PropagateMatcher{Context};
  ProcessBoundaryMatcher ProcessMatcher{Context};
  std::vector<IncludeRewrite> Includes;
};

class InstrumentActionFactory : public FrontendActionFactory {
public:
  explicit InstrumentActionFactory(InstrumentResult &Result) : Result(Result) {}
  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<InstrumentAction>(Result);
  }

private:
  InstrumentResult &Result;
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

llvm::Expected<InstrumentResult> instrumentFile(const CompileCommand &Command) {
  SingleCommandDatabase Database(Command);
  ClangTool Tool(Database, {Command.Filename});
  Tool.setPrintErrorMessage(false);

  InstrumentResult Result;
  InstrumentActionFactory Factory(Result);
  int Status = Tool.run(&Factory);
  if (Status != 0 && Result.Errors == 0)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "could not parse '%s' with its compile "
                                   "command",
                                   Command.Filename.c_str());
  return Result;
}

} // namespace telegen
