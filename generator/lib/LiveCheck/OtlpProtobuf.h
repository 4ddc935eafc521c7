//===- OtlpProtobuf.h - OTLP/HTTP protobuf export requests -----*- C++ -*-===//
//
// Decodes an Export{Trace,Logs,Metrics}ServiceRequest in the protobuf
// encoding with libprotobuf and the OTLP message definitions compiled by
// protoc (test/otlp_proto): a decoder that shares nothing with the
// runtime's hand-written encoder, so what live-check reports is what any
// OTLP receiver would read.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_LIVECHECK_OTLPPROTOBUF_H
#define TELEGEN_LIVECHECK_OTLPPROTOBUF_H

#include "LiveCheck/Telemetry.h"

#include "llvm/Support/Error.h"

namespace telegen {
namespace livecheck {

/// The request's content, or an error saying why Body is not a request of
/// that signal.
llvm::Expected<Batch> decodeProtobuf(Signal S, llvm::StringRef Body);

} // namespace livecheck
} // namespace telegen

#endif
