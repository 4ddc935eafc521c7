//===- OtlpJson.h - OTLP/HTTP JSON export requests -------------*- C++ -*-===//
//
// Decodes an Export{Trace,Logs,Metrics}ServiceRequest in the OTLP JSON
// encoding with llvm::json: lowerCamelCase keys (the proto field names are
// accepted too, as protobuf's JSON parsers do), hex trace and span ids,
// 64-bit integers as strings or numbers. A member of the wrong JSON type is
// an error naming its path; members live-check does not need are skipped.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_OTLPJSON_H
#define TELEGEN_LIVECHECK_OTLPJSON_H

#include "LiveCheck/Telemetry.h"

#include "llvm/Support/Error.h"

namespace telegen {
namespace livecheck {

llvm::Expected<Batch> decodeJson(Signal S, llvm::StringRef Body);

} // namespace livecheck
} // namespace telegen

#endif
