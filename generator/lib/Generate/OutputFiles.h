//===- OutputFiles.h - Writing generated files, only when changed -*- C++
//-*-===//
#ifndef TELEGEN_GENERATE_OUTPUTFILES_H
#define TELEGEN_GENERATE_OUTPUTFILES_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace telegen {
namespace generate {

/// Writes Content to Path unless the file already holds exactly that, so an
/// unchanged output keeps its modification time and builds that depend on
/// it stay incremental. Creates missing directories, and writes through a
/// temporary file renamed into place, so no reader sees half a file.
/// Returns whether the file was written.
llvm::Expected<bool> writeIfChanged(llvm::StringRef Path,
                                    llvm::StringRef Content);

} // namespace generate
} // namespace telegen

#endif
