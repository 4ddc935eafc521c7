//===- TextGuard.h - What a schema file must be before YAML parsing -*- C++
//-*-===//
//
// LLVM's YAML parser expects reasonable input: it recurses once per nesting
// level and reports bad bytes as empty scalars. This guard rejects, with a
// clear finding, what it cannot take: files over 16 MiB, bytes that are not
// UTF-8 text, and nesting deeper than any schema needs.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_TEXTGUARD_H
#define TELEGEN_SCHEMA_TEXTGUARD_H

#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

namespace telegen {
namespace schema {

constexpr size_t MaxSchemaBytes = 16 << 20;
constexpr unsigned MaxNestingDepth = 64;

/// Checks the buffer Files holds under BufferId; reports and returns false
/// when it must not be parsed.
bool guardSchemaText(SourceFiles &Files, unsigned BufferId,
                     DiagnosticList &Diags);

} // namespace schema
} // namespace telegen

#endif
