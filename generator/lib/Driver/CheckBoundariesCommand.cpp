//===- CheckBoundariesCommand.cpp - telegen check-boundaries --------------===//
//
// telegen check-boundaries --schema SCHEMA MODEL...
//
// Run after instrumenting all the sources of a target with
// `telegen instrument --schema SCHEMA --model MODEL`: reports the schema's
// propagation boundaries that none of them calls.
//
//===----------------------------------------------------------------------===//
#include "Driver/Command.h"
#include "Driver/ModelFiles.h"
#include "Instrument/BoundaryUsage.h"

using namespace llvm;

namespace telegen {
namespace {

cl::SubCommand CheckBoundariesSub(
    "check-boundaries",
    "Report the schema's propagation boundaries that none of a target's "
    "instrumented sources calls (from their 'instrument --model' files)");

ModelCheckOptions Options(CheckBoundariesSub);

Error checkBoundaries(const schema::Model &Schema,
                      const std::vector<ModelFile> &Models,
                      DiagnosticList &Diags) {
  StringSet<> Wrapped;
  for (const ModelFile &File : Models) {
    Expected<std::vector<std::string>> Executors =
        wrappedExecutors(File.Model, File.Path);
    if (!Executors)
      return Executors.takeError();
    Wrapped.insert(Executors->begin(), Executors->end());
  }
  checkBoundaryUsage(Schema, Wrapped, Models.size(), Diags);
  return Error::success();
}

int runCheckBoundaries() {
  return runModelCheck(Options, {&UnusedBoundary}, checkBoundaries);
}

} // namespace

Command checkBoundariesCommand() {
  return {CheckBoundariesSub, runCheckBoundaries};
}

} // namespace telegen
