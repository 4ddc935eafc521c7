//===- Driver.cpp - telegen's command-line entry point --------------------===//
//
// Dispatches `telegen <command>` to the command's own options and code. The
// commands are listed in one table here; each one lives in its own file.
//
//===----------------------------------------------------------------------===//
#include "Driver/Driver.h"
#include "Driver/Command.h"
#include "Support/Suggest.h"

#include "telegen/version.hpp"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

using namespace llvm;

namespace telegen {

cl::OptionCategory &telegenCategory() {
  static cl::OptionCategory Category("telegen options");
  return Category;
}

namespace {

constexpr const char *Overview =
    "telegen: compile-time instrumentation for C++ services\n\n"
    "  Declare telemetry once in a YAML schema; telegen checks it and\n"
    "  generates typed metrics, span wrappers and event emitters.\n\n"
    "  Run 'telegen <command> --help' for a command's options.\n";

ArrayRef<Command> commands() {
  static const std::vector<Command> All = {
      checkCommand(),
      checkBoundariesCommand(),
      checkRulesCommand(),
      diffCommand(),
      generateCommand(),
      instrumentCommand(),
      liveCheckCommand(),
      validateEventsCommand(),
  };
  return All;
}

std::unique_ptr<clang::tooling::CompilationDatabase> CommandLineCompilations;

const Command *findCommand(StringRef Name) {
  for (const Command &C : commands())
    if (C.Sub.getName() == Name)
      return &C;
  return nullptr;
}

/// The known command nearest to a mistyped one, or "" when none is close.
StringRef closestCommand(StringRef Name) {
  std::vector<StringRef> Names;
  for (const Command &C : commands())
    Names.push_back(C.Sub.getName());
  return closestSpelling(Name, Names);
}

void printVersion(raw_ostream &OS) {
  OS << "telegen " << TELEGEN_VERSION_STRING << "\n"
     << "  built with LLVM/Clang " << LLVM_VERSION_STRING << "\n";
}

} // namespace

clang::tooling::CompilationDatabase *commandLineCompilations() {
  return CommandLineCompilations.get();
}

int telegenMain(int Argc, const char **Argv) {
  // @file arguments first, so that a response file may hold the compile
  // flags after `--` too (telegen_instrument() passes its long commands so,
  // keeping the build tool's echo of a failed step short).
  BumpPtrAllocator Allocator;
  SmallVector<const char *, 32> Args(Argv, Argv + Argc);
  cl::ExpansionContext Expansion(Allocator, cl::TokenizeGNUCommandLine);
  if (Error E = Expansion.expandResponseFiles(Args)) {
    WithColor::error(errs(), "telegen") << toString(std::move(E)) << "\n";
    return ExitUsage;
  }
  Argc = static_cast<int>(Args.size());
  Argv = Args.data();

  cl::SetVersionPrinter(printVersion);
  cl::HideUnrelatedOptions(telegenCategory());

  if (Argc < 2) {
    WithColor::error(errs(), "telegen")
        << "no command given; run 'telegen --help' for the commands\n";
    return ExitUsage;
  }
  StringRef First = Argv[1];
  if (!First.starts_with("-") && !findCommand(First)) {
    auto &OS = WithColor::error(errs(), "telegen");
    OS << "unknown command '" << First << "'";
    StringRef Suggestion = closestCommand(First);
    if (!Suggestion.empty())
      OS << "; did you mean '" << Suggestion << "'?";
    OS << "\nrun 'telegen --help' for the commands\n";
    return ExitUsage;
  }

  // Compile flags after `--` belong to the parsed C++, not to telegen.
  std::string FlagsError;
  CommandLineCompilations = clang::tooling::FixedCompilationDatabase::
      loadFromCommandLine(Argc, Argv, FlagsError);
  if (!FlagsError.empty()) {
    WithColor::error(errs(), "telegen") << FlagsError << "\n";
    return ExitUsage;
  }

  std::string Errors;
  raw_string_ostream ErrorStream(Errors);
  if (!cl::ParseCommandLineOptions(Argc, Argv, Overview, &ErrorStream)) {
    errs() << ErrorStream.str();
    return ExitUsage;
  }
  for (const Command &C : commands())
    if (C.Sub)
      return C.Run();

  WithColor::error(errs(), "telegen")
      << "no command given; run 'telegen --help' for the commands\n";
  return ExitUsage;
}

} // namespace telegen
