//===- Command.h - A telegen subcommand -------------------------*- C++ -*-===//
//
// Each `telegen <command>` lives in its own file with its own options,
// declared in its llvm::cl::SubCommand, and is listed once in Driver.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DRIVER_COMMAND_H
#define TELEGEN_DRIVER_COMMAND_H

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

struct Command {
  llvm::cl::SubCommand &Sub;
  /// Runs the command once its options are parsed; returns an ExitCode.
  int (*Run)();
};

} // namespace telegen

#endif
