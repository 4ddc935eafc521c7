//===- SchemaInput.h - A schema given to a command that uses it -*- C++ -*-===//
//
// Commands that apply a schema to something else (instrument,
// check-boundaries) load it with its imports and check it first. Its
// warnings are left to 'telegen check'; its errors stop the command.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_DRIVER_SCHEMAINPUT_H
#define TELEGEN_DRIVER_SCHEMAINPUT_H

#include "Schema/Loader.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace telegen {

/// Loads and checks the schema at Path, reading its files into Files. When
/// it cannot be read or has errors, reports why and returns nothing, with
/// Code set to the command's exit code.
std::optional<schema::LoadedSchema>
loadSchemaInput(llvm::StringRef Path, SourceFiles &Files, int &Code);

} // namespace telegen

#endif
