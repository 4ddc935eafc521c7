//===- InstrumentContext.h - State shared by the matchers -------*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_INSTRUMENTCONTEXT_H
#define TELEGEN_INSTRUMENT_INSTRUMENTCONTEXT_H

#include "Instrument/InstrumentModel.h"
#include "Instrument/ProjectFiles.h"
#include "Schema/Model.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"

#include <set>

namespace telegen {

/// What the matchers of one translation unit produce.
struct InstrumentContext {
  /// The schema spans, rules and boundaries come from; null without --schema.
  const schema::Model *Schema = nullptr;
  /// The code to instrument: not system headers, unless opted in.
  ProjectFiles Files;
  InstrumentModel Model;
  /// Definitions already planned, so a function matched by an annotation
  /// and a rule is instrumented once.
  std::set<const clang::FunctionDecl *> Planned;
};

/// The telegen annotation on D with the given prefix, or nullptr.
const clang::AnnotateAttr *findTelegenAnnotation(const clang::Decl &D,
                                                 llvm::StringRef Prefix);

/// The span annotation on D (TELEGEN_SPAN, TELEGEN_PRODUCER or
/// TELEGEN_CONSUMER), or nullptr.
const clang::AnnotateAttr *findSpanAnnotation(const clang::Decl &D);

} // namespace telegen

#endif
