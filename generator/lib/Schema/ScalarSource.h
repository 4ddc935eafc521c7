//===- ScalarSource.h - Where each byte of a YAML scalar's value was written -*-
//C++
//-*-===//
//
// A YAML scalar's value differs from its text in the file: quotes,
// escapes, '' in single quotes, folded line breaks, a block's indentation.
// This maps each byte of the value back to the byte of the file it came
// from, so a finding inside the value (a PromQL syntax error) points at the
// right line and column.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_SCALARSOURCE_H
#define TELEGEN_SCHEMA_SCALARSOURCE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/YAMLParser.h"

#include <vector>

namespace telegen {
namespace schema {

/// For each byte of Value (the node's value as LLVM reads it), the address
/// in the file's buffer it was written at, and one more for the end. Plain,
/// single-quoted, double-quoted and literal block scalars are mapped byte
/// by byte; for others (folded blocks), or should the mapping not
/// reproduce Value, every byte maps to the start of the node.
std::vector<const char *> scalarSource(const llvm::yaml::Node &N,
                                       llvm::StringRef Value);

} // namespace schema
} // namespace telegen

#endif
