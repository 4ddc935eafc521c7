//===- FieldKinds.cpp - The JSON a schema type is written as --------------===//
#include "Validate/FieldKinds.h"

#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

namespace telegen {
namespace validate {

StringRef expectedKind(schema::FieldType T) {
  switch (T) {
  case schema::FieldType::String:
  case schema::FieldType::Enum:
    return "a string";
  case schema::FieldType::Int:
    return "an integer";
  case schema::FieldType::Double:
  case schema::FieldType::Duration:
    return "a number";
  case schema::FieldType::Bool:
    return "a bool";
  }
  llvm_unreachable("unknown field type");
}

bool kindFits(schema::FieldType T, JsonKind K) {
  switch (T) {
  case schema::FieldType::String:
  case schema::FieldType::Enum:
    return K == JsonKind::String;
  case schema::FieldType::Int:
    return K == JsonKind::Integer;
  case schema::FieldType::Double:
  case schema::FieldType::Duration:
    return K == JsonKind::Integer || K == JsonKind::Number;
  case schema::FieldType::Bool:
    return K == JsonKind::Bool;
  }
  llvm_unreachable("unknown field type");
}

} // namespace validate
} // namespace telegen
