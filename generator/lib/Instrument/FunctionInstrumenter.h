//===- FunctionInstrumenter.h - Plan the span for one function --*- C++ -*-===//
//
// Turns a function definition plus what to record (from an annotation or a
// schema rule) into an InstrumentedFunction: checks every attribute against
// the function's parameters and their C++ types, decides how the result and
// exceptions set the span's status, and finds the returns to observe.
// Problems are reported through clang's diagnostics at the annotation.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_FUNCTIONINSTRUMENTER_H
#define TELEGEN_INSTRUMENT_FUNCTIONINSTRUMENTER_H

#include "Instrument/InstrumentModel.h"
#include "Instrument/ProjectFiles.h"
#include "Instrument/Reporter.h"

#include "clang/AST/Decl.h"

#include <functional>
#include <optional>

namespace telegen {

/// What to instrument a function with, and where to point diagnostics.
struct SpanRequest {
  SpanAnnotation Spec;
  InstrumentOrigin Origin = InstrumentOrigin::Annotation;
  /// The declaration the request was written on (its parameter names are the
  /// ones attributes refer to); the definition itself for rules.
  const clang::FunctionDecl *NamingDecl = nullptr;
  /// Maps an offset of the annotation text to a source location.
  std::function<clang::SourceLocation(unsigned)> Locate;
  /// The span as the schema declares it; null without a schema, or for a
  /// rule that names no span.
  const schema::Span *Declared = nullptr;
};

/// A value path (`job.meta.trace`) resolved against a function's
/// parameters: the expression that reads it and its type.
struct ResolvedPath {
  std::string Expression;
  clang::QualType Type;
  /// The type is only known at instantiation (templates).
  bool Dependent = false;
  /// The value cannot be assigned: reached through a const object or
  /// declared const.
  bool Const = false;
  /// The value is a temporary (a member function returning by value).
  bool Temporary = false;
};

class FunctionInstrumenter {
public:
  FunctionInstrumenter(clang::ASTContext &Context, const ProjectFiles &Files,
                       Reporter &Diags)
      : Context(Context), Files(Files), Diags(Diags) {}

  /// Plans the span for Definition. Returns std::nullopt after reporting an
  /// error when the function cannot be instrumented as requested.
  std::optional<InstrumentedFunction>
  plan(const clang::FunctionDecl &Definition, const SpanRequest &Request);

  /// Why Definition can never carry a span (constexpr, a function-try-block,
  /// a body from a macro, ...), or "" when it can.
  std::string whyNotInstrumentable(const clang::FunctionDecl &Definition) const;

  /// Resolves Spec's path against Definition's parameters, reporting at the
  /// path what does not exist.
  std::optional<ResolvedPath> resolvePath(const clang::FunctionDecl &Definition,
                                          const SpanRequest &Request,
                                          const AttributeSpec &Spec);

private:
  std::optional<InstrumentedAttribute>
  planAttribute(const clang::FunctionDecl &Definition,
                const SpanRequest &Request, const AttributeSpec &Spec);
  bool checkAgainstSchema(const SpanRequest &Request, const AttributeSpec &Spec,
                          const schema::Field &Declared,
                          const InstrumentedAttribute &Attribute,
                          clang::SourceLocation Loc);
  bool planResultStatus(const clang::FunctionDecl &Definition,
                        const SpanRequest &Request, InstrumentedFunction &F);

  clang::ASTContext &Context;
  const ProjectFiles &Files;
  Reporter &Diags;
};

} // namespace telegen

#endif
