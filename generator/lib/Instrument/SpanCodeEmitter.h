//===- SpanCodeEmitter.h - The code inserted into a function ----*- C++ -*-===//
//
// Spells the C++ that starts a span in an instrumented function, records its
// attributes, observes its returns and records exceptions. The code only uses
// <telegen/detail/instrument.hpp>, the runtime's interface for generated
// code, and names everything it declares telegen_*_ to stay out of the
// user's way.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_SPANCODEEMITTER_H
#define TELEGEN_INSTRUMENT_SPANCODEEMITTER_H

#include "Instrument/InstrumentModel.h"

#include <string>

namespace telegen {

/// The header every instrumented file includes.
inline constexpr llvm::StringLiteral InstrumentRuntimeHeader =
    "telegen/detail/instrument.hpp";

/// The macro that makes the runtime header include telegen's integration
/// with Library ("asio" or "boost::asio").
inline llvm::StringRef asioIntegrationMacro(llvm::StringRef Library) {
  return Library == "asio" ? "TELEGEN_INSTRUMENT_ASIO"
                           : "TELEGEN_INSTRUMENT_BOOST_ASIO";
}

/// Declarations at the top of the body: the static call-site metadata, the
/// span guard and its attributes. One statement per line.
std::string emitSpanPrologue(const InstrumentedFunction &F,
                             llvm::StringRef FilePath);

/// Opens the block whose exceptions the span records.
std::string emitExceptionTryOpen();
/// Closes it: the handlers record the exception and rethrow it.
std::string emitExceptionHandlers();

/// What goes before and after a returned value observed for the status.
std::string emitReturnPrefix(const InstrumentedFunction &F, const ReturnSite &R);
std::string emitReturnSuffix(const ReturnSite &R);

/// A coroutine's suspension point `co_await x` becomes
/// `(co_await telegen_span_.leave(x), telegen_span_.resumed())`: what goes
/// before the keyword, before the operand, and after it.
std::string emitSuspensionOpen();
std::string emitSuspensionOperandPrefix();
std::string emitSuspensionClose(const SuspensionSite &S);

/// A C++ string literal for Text.
std::string cppStringLiteral(llvm::StringRef Text);

} // namespace telegen

#endif
