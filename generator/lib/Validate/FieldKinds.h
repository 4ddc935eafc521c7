//===- FieldKinds.h - The JSON a schema type is written as -----*- C++ -*-===//
//
// What a field or attribute of each schema type holds once written as JSON:
// validate-events checks log lines with it, live-check OTLP values (mapped
// to their JSON kinds first).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_VALIDATE_FIELDKINDS_H
#define TELEGEN_VALIDATE_FIELDKINDS_H

#include "Schema/Model.h"
#include "Validate/JsonLine.h"

#include "llvm/ADT/StringRef.h"

namespace telegen {
namespace validate {

/// "a string", "an integer", "a number" or "a bool".
llvm::StringRef expectedKind(schema::FieldType T);
/// Whether a value of kind K is a value of type T (an integer is a number).
bool kindFits(schema::FieldType T, JsonKind K);

} // namespace validate
} // namespace telegen

#endif
