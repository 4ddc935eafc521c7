//===- CallSiteWrapper.h - Rewrite one boundary call site -------*- C++ -*-===//
//
// Shared by the boundary matchers: records that an expression of the main
// file is to be wrapped, once per source position (a template instantiated
// several times is rewritten once), or warns when it cannot be rewritten.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_CALLSITEWRAPPER_H
#define TELEGEN_INSTRUMENT_CALLSITEWRAPPER_H

#include "Instrument/InstrumentContext.h"

#include "clang/AST/Expr.h"

namespace telegen {

/// The wrapper that makes a callable run in the caller's context.
inline constexpr llvm::StringLiteral BindContextPrefix = "::telegen::bind_context(";

/// Wraps Target (an argument, a callee or a whole call) in Prefix ... Suffix.
/// Call is the boundary call, for the report and the position.
void wrapCallSite(InstrumentContext &Context, clang::ASTContext &AST,
                  BoundaryKind Kind, const clang::Expr &Call,
                  const clang::Expr &Target, llvm::StringRef Callee,
                  llvm::StringRef Prefix, llvm::StringRef Suffix,
                  bool Replace = false);

/// True when E is already a call of telegen::bind_context.
bool isBoundContext(const clang::Expr &E);

} // namespace telegen

#endif
