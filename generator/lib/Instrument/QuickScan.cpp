//===- QuickScan.cpp - Does a file need parsing at all? -------------------===//
#include "Instrument/QuickScan.h"
#include "Instrument/NamePattern.h"

#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningService.h"
#include "clang/Tooling/DependencyScanning/DependencyScanningTool.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace clang::tooling;
using namespace clang::tooling::dependencies;

namespace telegen {
namespace {

/// The prerequisites of a make rule "target: a b" whose lines may end in a
/// backslash, with a backslash before a space standing for a space in a name.
std::vector<std::string> makePrerequisites(llvm::StringRef Rule) {
  std::vector<std::string> Files;
  size_t Colon = Rule.find(": ");
  if (Colon == llvm::StringRef::npos)
    return Files;
  llvm::StringRef Rest = Rule.drop_front(Colon + 2);
  std::string Current;
  for (size_t I = 0; I < Rest.size(); ++I) {
    char C = Rest[I];
    if (C == '\\' && I + 1 < Rest.size()) {
      char Next = Rest[I + 1];
      if (Next == '\n' || Next == '\r') {
        ++I;
        continue;
      }
      if (Next == ' ' || Next == '#' || Next == '\\') {
        Current.push_back(Next);
        ++I;
        continue;
      }
    }
    if (C == ' ' || C == '\n' || C == '\t' || C == '\r') {
      if (!Current.empty())
        Files.push_back(std::move(Current));
      Current.clear();
      continue;
    }
    Current.push_back(C);
  }
  if (!Current.empty())
    Files.push_back(std::move(Current));
  return Files;
}

/// Identifiers whose calls are context boundaries rewritten in the main file
/// even without annotations.
constexpr llvm::StringLiteral BoundaryNames[] = {
    "thread", "jthread",  "async",   "posix_spawn", "posix_spawnp", "execve",
    "execvpe", "fexecve", "execv",   "execvp",      "system",
    // Asio (standalone and Boost)
    "post",    "dispatch", "defer",  "co_spawn",
};

/// Whether any identifier of Text satisfies Wanted.
bool anyIdentifier(llvm::StringRef Text,
                   llvm::function_ref<bool(llvm::StringRef)> Wanted) {
  auto IsIdentifierChar = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  size_t I = 0;
  while (I < Text.size()) {
    if (!IsIdentifierChar(Text[I])) {
      ++I;
      continue;
    }
    size_t Start = I;
    while (I < Text.size() && IsIdentifierChar(Text[I]))
      ++I;
    if (Wanted(Text.slice(Start, I)))
      return true;
  }
  return false;
}

/// What makes a file worth parsing, besides the annotations.
struct Triggers {
  /// Names the source itself calls across a boundary.
  std::vector<std::string> BoundaryCallees;
  /// The last-component patterns of the rules, which any input may spell.
  std::vector<std::string> RuleNames;

  explicit Triggers(const schema::Model *Schema) {
    for (llvm::StringRef Name : BoundaryNames)
      BoundaryCallees.push_back(Name.str());
    if (!Schema)
      return;
    for (const schema::PropagationBoundary &B : Schema->Propagation)
      BoundaryCallees.push_back(
          llvm::StringRef(B.Function).rsplit("::").second.empty()
              ? B.Function
              : llvm::StringRef(B.Function).rsplit("::").second.str());
    for (const schema::Rule &R : Schema->Rules)
      for (const schema::Ref &Include : R.Include)
        RuleNames.push_back(lastComponentPattern(Include.Name).str());
  }

  bool inSource(llvm::StringRef Text) const {
    return anyIdentifier(Text, [&](llvm::StringRef Word) {
      return llvm::is_contained(BoundaryCallees, Word);
    });
  }
  bool inAnyInput(llvm::StringRef Text) const {
    if (RuleNames.empty())
      return false;
    return anyIdentifier(Text, [&](llvm::StringRef Word) {
      return llvm::any_of(RuleNames, [&](const std::string &Pattern) {
        return matchesComponentPattern(Pattern, Word);
      });
    });
  }
};

} // namespace

/// Asio 1.22 and Boost.Asio 1.74 enable co_await for GCC in C++20 but, for
/// Clang, only with <experimental/coroutine>, which libstdc++ lacks: Clang
/// parses what GCC compiles only when told that coroutines are there.
static ArgumentsAdjuster asioCoroutineAdjuster() {
  return [](const CommandLineArguments &Arguments, llvm::StringRef) {
    bool Cxx20 = false;
    for (llvm::StringRef Argument : Arguments)
      if (Argument.consume_front("-std="))
        Cxx20 = !Argument.ends_with("98") && !Argument.ends_with("03") &&
                !Argument.ends_with("11") && !Argument.ends_with("0x") &&
                !Argument.ends_with("14") && !Argument.ends_with("1y") &&
                !Argument.ends_with("17") && !Argument.ends_with("1z");
    CommandLineArguments Adjusted = Arguments;
    if (Cxx20)
      for (const char *Define :
           {"-DASIO_HAS_CO_AWAIT=1", "-DASIO_HAS_STD_COROUTINE=1",
            "-DBOOST_ASIO_HAS_CO_AWAIT=1", "-DBOOST_ASIO_HAS_STD_COROUTINE=1"})
        Adjusted.push_back(Define);
    return Adjusted;
  };
}

llvm::Expected<CompileCommand>
telegenCompileCommand(const CompilationDatabase &Database, llvm::StringRef Source,
                      llvm::StringRef CompiledAs) {
  llvm::SmallString<256> AbsoluteSource(Source);
  llvm::sys::fs::make_absolute(AbsoluteSource);
  std::vector<CompileCommand> Commands =
      Database.getCompileCommands(AbsoluteSource);
  // A database may infer a command for a file it does not list (from a
  // similar file's); the copy's own entry is the one that holds.
  bool ForCopy = false;
  if ((Commands.empty() || !Commands.front().Heuristic.empty()) &&
      !CompiledAs.empty()) {
    llvm::SmallString<256> AbsoluteCopy(CompiledAs);
    llvm::sys::fs::make_absolute(AbsoluteCopy);
    std::vector<CompileCommand> ForCompiledAs =
        Database.getCompileCommands(AbsoluteCopy);
    if (!ForCompiledAs.empty() && ForCompiledAs.front().Heuristic.empty()) {
      Commands = std::move(ForCompiledAs);
      ForCopy = true;
    }
  }
  if (Commands.empty())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the compilation database has no command for '%s'%s%s",
        Source.str().c_str(), CompiledAs.empty() ? "" : " nor for ",
        CompiledAs.str().c_str());
  CompileCommand Command = std::move(Commands.front());
  if (ForCopy) {
    for (std::string &Argument : Command.CommandLine)
      if (Argument == Command.Filename)
        Argument = std::string(AbsoluteSource);
    Command.Filename = std::string(AbsoluteSource);
  }
  ArgumentsAdjuster Adjust = combineAdjusters(
      combineAdjusters(getClangStripOutputAdjuster(),
                       combineAdjusters(getClangStripDependencyFileAdjuster(),
                                        asioCoroutineAdjuster())),
      combineAdjusters(
          getClangSyntaxOnlyAdjuster(),
          getInsertArgumentAdjuster(
              {"-D__telegen__=1", "-w",
               "-resource-dir=" TELEGEN_CLANG_RESOURCE_DIR},
              ArgumentInsertPosition::END)));
  Command.CommandLine = Adjust(Command.CommandLine, Command.Filename);
  return Command;
}

llvm::Expected<QuickScanResult> quickScan(const CompileCommand &Command,
                                          const schema::Model *Schema) {
  DependencyScanningService Service(ScanningMode::DependencyDirectivesScan,
                                    ScanningOutputFormat::Make);
  DependencyScanningTool Tool(Service);
  llvm::Expected<std::string> Rule =
      Tool.getDependencyFile(Command.CommandLine, Command.Directory);
  if (!Rule)
    return Rule.takeError();

  QuickScanResult Result;
  Result.Dependencies = makePrerequisites(*Rule);
  Triggers Wanted(Schema);
  for (size_t I = 0; I < Result.Dependencies.size(); ++I) {
    const std::string &File = Result.Dependencies[I];
    // The header defining the macros mentions them without using them.
    if (llvm::StringRef(File).ends_with("telegen/annotate.hpp"))
      continue;
    auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!Buffer || (*Buffer)->getBuffer().contains("TELEGEN_") ||
        (I == 0 && Wanted.inSource((*Buffer)->getBuffer())) ||
        Wanted.inAnyInput((*Buffer)->getBuffer())) {
      Result.MentionsTelegen = true;
      break;
    }
  }
  return Result;
}

} // namespace telegen
