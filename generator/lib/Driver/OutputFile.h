//===- OutputFile.h - Writing generated files -------------------*- C++ -*-===//
#ifndef TELEGEN_DRIVER_OUTPUTFILE_H
#define TELEGEN_DRIVER_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"

namespace telegen {

/// Writes Contents to Path atomically, only when it differs from what is
/// there, so builds that depend on Path stay incremental. Creates missing
/// directories. Reports failures on stderr and returns false.
bool writeIfChanged(llvm::StringRef Path, llvm::StringRef Contents);

/// Removes Path if it exists, so an output from an earlier run cannot be
/// used after this run failed. Does nothing for an empty path.
void removeStaleOutput(llvm::StringRef Path);

} // namespace telegen

#endif
