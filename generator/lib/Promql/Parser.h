//===- Parser.h - PromQL expressions, parsed and type-checked ---*- C++ -*-===//
//
// Parses a PromQL expression as Prometheus 2 does and checks its types as
// Prometheus' parser does (arguments of functions and aggregations, operands
// of binary operators, ranges and subqueries), so an expression it accepts
// Prometheus loads. It accepts Prometheus 2's whole language except
// selectors without a metric name or with a regular expression for it
// (telegen checks every series an expression names) and the native
// histogram functions (telegen's histograms are classic ones).
//
// Usage:
//   Expected<ExprPtr> E = promql::parse("rate(jobs_total[5m]) == 0");
//   if (!E)
//     handleAllErrors(E.takeError(), [&](const promql::SyntaxError &S) {
//       report(S.At, S.Message);
//     });
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_PROMQL_PARSER_H
#define TELEGEN_PROMQL_PARSER_H

#include "Promql/Ast.h"
#include "Promql/Lexer.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace telegen {
namespace promql {

/// The expression's tree, or a SyntaxError.
llvm::Expected<ExprPtr> parse(llvm::StringRef Text);

/// Whether Name is a valid label name: [a-zA-Z_][a-zA-Z0-9_]*.
bool isLabelName(llvm::StringRef Name);

} // namespace promql
} // namespace telegen

#endif
