//===- OutputFiles.h - Writing generated files ------------------*- C++ -*-===//
//
// How every command writes what it generates: only when the content changes
// (so builds stay incremental), never half a file, with a make-style depfile
// of its inputs, and nothing stale left behind when a run fails.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_OUTPUTFILES_H
#define TELEGEN_SUPPORT_OUTPUTFILES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace telegen {

/// Writes Content to Path unless the file already holds exactly that, so an
/// unchanged output keeps its modification time and builds that depend on
/// it stay incremental. Creates missing directories, and writes through a
/// temporary file renamed into place, so no reader sees half a file.
/// Returns whether the file was written.
llvm::Expected<bool> writeIfChanged(llvm::StringRef Path,
                                    llvm::StringRef Content);

/// Removes Path if it exists, so an output of an earlier run cannot be used
/// after this run failed. Does nothing for an empty path.
void removeStaleOutput(llvm::StringRef Path);

/// A make-style depfile rule: every one of Targets depends on every one of
/// Inputs. Spaces, '#' and '$' in names are escaped as make and ninja read
/// them.
std::string depfileRule(llvm::ArrayRef<std::string> Targets,
                        llvm::ArrayRef<std::string> Inputs);

} // namespace telegen

#endif
