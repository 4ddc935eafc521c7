//===- ModelJson.h - A model as JSON ----------------------------*- C++ -*-===//
//
// The model as one JSON object (telegen check --emit=model-json), for tests
// and for tools that want the schema without parsing YAML. Keys follow the
// schema language; lists keep the model's order, so the output is
// deterministic. Locations are left out: the same schema gives the same
// JSON wherever it is checked out.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_SCHEMA_MODELJSON_H
#define TELEGEN_SCHEMA_MODELJSON_H

#include "Schema/Model.h"

#include "llvm/Support/raw_ostream.h"

namespace telegen {
namespace schema {

void writeModelJson(const Model &M, llvm::raw_ostream &OS);

} // namespace schema
} // namespace telegen

#endif
