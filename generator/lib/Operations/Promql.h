//===- Promql.h - PromQL text for generated rules and panels ----*- C++ -*-===//
//
// Small pieces every generated expression is made of, so quoting and
// number formatting are done once: string literals, label matchers, the
// 'le' matcher of a bucket bound, ratios written as short decimals.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_OPERATIONS_PROMQL_H
#define TELEGEN_OPERATIONS_PROMQL_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace telegen {
namespace operations {

/// A PromQL string literal: "payments".
std::string promqlString(llvm::StringRef Text);

/// A matcher selecting any of Values: label="v", or label=~"v1|v2" with
/// each value's regular-expression characters escaped.
std::string valuesMatcher(llvm::StringRef Label,
                          llvm::ArrayRef<std::string> Values);

/// The matcher of a histogram's bucket at Bound, whichever way the scrape
/// spelled it: le="0.5", le=~"1|1\\.0".
std::string bucketMatcher(double Bound);

/// A ratio or factor as a short decimal: floating-point noise past twelve
/// significant digits is rounded away (1 - 99.9/100 is 0.001).
std::string formatRatio(double Value);
double roundRatio(double Value);

} // namespace operations
} // namespace telegen

#endif
