//===- SensitiveNames.h - Names that look like secrets ----------*- C++ -*-===//
//
// Secrets never reach telemetry: a field, attribute or parameter whose name
// looks sensitive is refused unless it is declared redacted.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SUPPORT_SENSITIVENAMES_H
#define TELEGEN_SUPPORT_SENSITIVENAMES_H

#include "llvm/ADT/StringRef.h"

namespace telegen {

/// The sensitive word a name contains (e.g. "password" for "db_password"),
/// or "" when it contains none. Words are matched on snake_case, camelCase
/// and dotted boundaries, so "tokenizer" or "cardinality" do not match.
llvm::StringRef sensitiveWordIn(llvm::StringRef Name);

} // namespace telegen

#endif
