//===- Builtins.h - Schemas shipped inside telegen --------------*- C++ -*-===//
//
// The schemas in the repository's schemas/ directory that users import by
// name ('builtin: resilience'). They are compiled into the binary, so an
// installed telegen needs no data files to find them.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_BUILTINS_H
#define TELEGEN_SCHEMA_BUILTINS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace telegen {
namespace schema {

/// The names of the built-in schemas, sorted.
llvm::ArrayRef<llvm::StringRef> builtinSchemaNames();
/// A built-in schema's YAML text.
std::optional<llvm::StringRef> builtinSchemaText(llvm::StringRef Name);

} // namespace schema
} // namespace telegen

#endif
