//===- CoroutinePlanner.h - The suspension points of a coroutine -*- C++ -*-===//
//
// A coroutine's span lives in its frame and its context is handed back and
// forth at every co_await and co_yield of its body (see
// runtime/include/telegen/detail/coroutine_span.hpp). This finds those
// suspension points, and the co_returns whose value decides the status.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_COROUTINEPLANNER_H
#define TELEGEN_INSTRUMENT_COROUTINEPLANNER_H

#include "Instrument/InstrumentModel.h"
#include "Instrument/Reporter.h"

#include "clang/AST/Decl.h"
#include "clang/AST/StmtCXX.h"

#include <vector>

namespace telegen {

/// The body as written: the function's compound statement, or the one a
/// coroutine's body wraps; null for a function-try-block or no body.
const clang::CompoundStmt *userBody(const clang::FunctionDecl &Definition);

/// Fills F.Suspensions with the co_awaits and co_yields of Definition's
/// body, not of lambdas or classes inside it. Reports an error for one
/// written inside a macro expansion, which cannot be rewritten, and returns
/// false then.
bool planSuspensions(const clang::FunctionDecl &Definition,
                     clang::ASTContext &Context, Reporter &Diags,
                     InstrumentedFunction &F);

/// The co_return statements of Definition's body that return a value.
std::vector<const clang::CoreturnStmt *>
coreturnValues(const clang::FunctionDecl &Definition);

/// The value type of a coroutine type (the first template argument of
/// asio::awaitable<T>, task<T>, ...), or a null type.
clang::QualType coroutineValueType(const clang::FunctionDecl &Definition);

} // namespace telegen

#endif
