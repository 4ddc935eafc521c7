//===- NamingRules.h - Prometheus and telegen naming rules ------*- C++ -*-===//
//
// Pure functions over names, shared by the parser (units as written) and the
// naming checks (names as declared).
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_CHECK_NAMINGRULES_H
#define TELEGEN_CHECK_NAMINGRULES_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace telegen {
namespace naming {

/// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isPrometheusMetricName(llvm::StringRef Name);
/// [a-zA-Z_][a-zA-Z0-9_]*
bool isPrometheusLabelName(llvm::StringRef Name);
/// [a-z][a-z0-9_]*
bool isSnakeCase(llvm::StringRef Name);
/// snake_case words joined by dots: "orders.place", "http.method".
bool isDottedSnakeCase(llvm::StringRef Name);
/// A best guess at the snake_case spelling: "httpRequests" ->
/// "http_requests", "Orders-Place" -> "orders_place".
std::string toSnakeCase(llvm::StringRef Name);

/// Prometheus base units: seconds, bytes, meters, ...
bool isBaseUnit(llvm::StringRef Unit);
/// The base unit an abbreviated, scaled or singular unit stands for ("ms",
/// "kb", "percent", "second"), or "" when Word is none of those. InName
/// leaves out words that are ambiguous inside a metric name ("min", "s").
llvm::StringRef baseUnitFor(llvm::StringRef Word, bool InName);

} // namespace naming
} // namespace telegen

#endif
