//===- ModelFiles.h - The models of a target's sources ----------*- C++ -*-===//
//
// Some findings need every source of a target (a boundary no source calls,
// a rule that instruments nothing): the commands that report them read the
// models `telegen instrument --model` wrote for each source.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DRIVER_MODELFILES_H
#define TELEGEN_DRIVER_MODELFILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <string>
#include <vector>

namespace telegen {

struct ModelFile {
  std::string Path;
  llvm::json::Object Model;
};

/// The models at Paths, in that order; after reporting one that cannot be
/// read or is not a model, nothing.
std::optional<std::vector<ModelFile>>
readModelFiles(llvm::ArrayRef<std::string> Paths);

} // namespace telegen

#endif
