//===- SpanAnnotation.h - The TELEGEN_SPAN argument language ----*- C++ -*-===//
//
// TELEGEN_SPAN stringizes its arguments into the annotation text, e.g.
//   "orders.place", kind = server, attrs(order_id, "order.region" = region)
// This file parses that text into plain data, reporting problems with their
// offset in the text so callers can point at the exact source column.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_SPANANNOTATION_H
#define TELEGEN_INSTRUMENT_SPANANNOTATION_H

#include "Schema/Model.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace telegen {

/// The annotation prefixes TELEGEN_* macros put before their arguments.
inline constexpr llvm::StringLiteral SpanAnnotationPrefix = "telegen.span:";
inline constexpr llvm::StringLiteral ProducerAnnotationPrefix =
    "telegen.producer:";
inline constexpr llvm::StringLiteral ConsumerAnnotationPrefix =
    "telegen.consumer:";
inline constexpr llvm::StringLiteral NoInstrumentAnnotation =
    "telegen.no_instrument";
inline constexpr llvm::StringLiteral PropagateAnnotationPrefix =
    "telegen.propagate:";

using schema::SpanKind;

/// A macro that puts a span on a function: TELEGEN_SPAN, or one of the
/// messaging forms whose span kind is fixed and which name the message
/// member carrying the trace context (TELEGEN_PRODUCER, TELEGEN_CONSUMER).
struct SpanAnnotationForm {
  llvm::StringLiteral Prefix;
  llvm::StringLiteral Macro;
  std::optional<SpanKind> FixedKind;
};
inline constexpr SpanAnnotationForm SpanAnnotationForms[] = {
    {SpanAnnotationPrefix, "TELEGEN_SPAN", std::nullopt},
    {ProducerAnnotationPrefix, "TELEGEN_PRODUCER", SpanKind::Producer},
    {ConsumerAnnotationPrefix, "TELEGEN_CONSUMER", SpanKind::Consumer},
};

/// The form whose prefix Annotation starts with, or nullptr.
const SpanAnnotationForm *spanAnnotationForm(llvm::StringRef Annotation);

/// The kind a name spells ("server"), as the schema spells kinds.
std::optional<SpanKind> parseSpanKind(llvm::StringRef Name);

/// One step of an attribute's value path: `order`, `.id`, `->id()`.
struct PathStep {
  std::string Name;
  bool Arrow = false; ///< reached with `->` rather than `.`
  bool Call = false;  ///< a zero-argument member function call
};

/// A value recorded as a span attribute: a parameter, optionally followed
/// by members, under a key.
struct AttributeSpec {
  std::string Key;
  std::vector<PathStep> Path; ///< Path[0] names a parameter
  bool ExplicitKey = false;
  unsigned Offset = 0; ///< of the path's first token in the annotation text
  unsigned Length = 0; ///< of the whole path
};

struct SpanAnnotation {
  std::string Name;
  unsigned NameOffset = 0;
  std::optional<SpanKind> Kind;
  unsigned KindOffset = 0;
  std::vector<AttributeSpec> Attributes;
  /// The returned value decides the span's status (status = result).
  bool StatusFromResult = false;
  /// The message member carrying the trace context (carrier = msg.headers):
  /// written by a producer, read by a consumer.
  std::optional<AttributeSpec> Carrier;
};

/// A problem found while parsing, at an offset of the annotation text.
struct AnnotationProblem {
  unsigned Offset = 0;
  std::string Message;
};

/// Parses the text after a form's prefix; messages name the form's Macro.
/// Returns std::nullopt and sets Problem when the text is not valid.
std::optional<SpanAnnotation> parseSpanAnnotation(llvm::StringRef Text,
                                                  AnnotationProblem &Problem,
                                                  llvm::StringRef Macro);

/// The offsets of the tokens of an annotation text, in order. Used to map an
/// offset in the stringized text back to the macro's arguments in the source,
/// which hold the same tokens with other spacing.
std::vector<unsigned> annotationTokenOffsets(llvm::StringRef Text);

} // namespace telegen

#endif
