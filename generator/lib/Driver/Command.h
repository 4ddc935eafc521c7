//===- Command.h - A telegen subcommand -------------------------*- C++ -*-===//
//
// Each `telegen <command>` lives in its own file with its own options,
// declared in its llvm::cl::SubCommand, and is listed once in Driver.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DRIVER_COMMAND_H
#define TELEGEN_DRIVER_COMMAND_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

namespace telegen {

/// Process exit codes shared by every command.
enum ExitCode : int {
  ExitSuccess = 0,
  /// The input has errors (or warnings under --werror).
  ExitFindings = 1,
  /// The command line is wrong, or a file could not be read or written.
  ExitUsage = 2,
};

/// The option category every telegen option belongs to, so --help hides
/// LLVM's own options.
llvm::cl::OptionCategory &telegenCategory();

/// The compile flags given after `--` on the command line, or nullptr when
/// there was no `--`. Commands that parse C++ use them.
clang::tooling::CompilationDatabase *commandLineCompilations();

struct Command {
  llvm::cl::SubCommand &Sub;
  /// Runs the command once its options are parsed; returns an ExitCode.
  int (*Run)();
};

// The commands; each one's file defines its constructor.
Command checkCommand();
Command checkBoundariesCommand();
Command checkRulesCommand();
Command diffCommand();
Command generateCommand();
Command instrumentCommand();
Command liveCheckCommand();
Command validateEventsCommand();

} // namespace telegen

#endif
