//===- CarrierPlanner.h - A message's context member ----------*- C++ -*-===//
//
// TELEGEN_PRODUCER and TELEGEN_CONSUMER name the member of a message that
// carries the trace context (`carrier = job.trace_context`). This checks the
// member's C++ type: one std::string field (what telegen::inject_field
// writes) or a map from std::string to std::string; a producer must be able
// to write it.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_CARRIERPLANNER_H
#define TELEGEN_INSTRUMENT_CARRIERPLANNER_H

#include "Instrument/FunctionInstrumenter.h"

namespace telegen {

/// The carrier Path reaches, for a span of Kind (producer or consumer).
/// Reports at Loc and returns std::nullopt when it cannot carry the context.
std::optional<MessageCarrier> planCarrier(const ResolvedPath &Path,
                                          SpanKind Kind,
                                          const clang::ASTContext &Context,
                                          Reporter &Diags,
                                          clang::SourceLocation Loc);

} // namespace telegen

#endif
