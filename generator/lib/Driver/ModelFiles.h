//===- ModelFiles.h - Checks across the models of a target ------*- C++ -*-===//
//
// Some findings need every source of a target (a boundary no source calls,
// a rule that instruments nothing): the commands that report them read the
// models `telegen instrument --model` wrote for each source, with the schema
// the sources were instrumented with, and share their command line:
// `--schema FILE [--format F] [--werror] MODEL...`.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DRIVER_MODELFILES_H
#define TELEGEN_DRIVER_MODELFILES_H

#include "Driver/Reporting.h"
#include "Schema/Model.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/JSON.h"

#include <string>
#include <vector>

namespace telegen {

struct ModelFile {
  std::string Path;
  llvm::json::Object Model;
};

/// The options of a command that checks a target's models, registered with
/// its subcommand.
struct ModelCheckOptions {
  explicit ModelCheckOptions(llvm::cl::SubCommand &Sub);

  llvm::cl::list<std::string> ModelFiles;
  llvm::cl::opt<std::string> SchemaFile;
  llvm::cl::opt<OutputFormat> Format;
  llvm::cl::opt<bool> Werror;
};

/// What a command finds across the models: reports into Diags, or returns an
/// error when a model does not hold what it needs.
using ModelCheck = llvm::function_ref<llvm::Error(
    const schema::Model &Schema, const std::vector<ModelFile> &Models,
    DiagnosticList &Diags)>;

/// Loads the schema and the models Options names, runs Check and reports its
/// findings; returns the command's exit code.
int runModelCheck(const ModelCheckOptions &Options,
                  llvm::ArrayRef<const CheckInfo *> Checks, ModelCheck Check);

} // namespace telegen

#endif
