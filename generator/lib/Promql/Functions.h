//===- Functions.h - PromQL's functions and aggregation operators -*- C++
//-*-===//
//
// The signatures the parser checks calls against, as Prometheus 2 declares
// them: argument types, optional trailing arguments, the result's type.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_PROMQL_FUNCTIONS_H
#define TELEGEN_PROMQL_FUNCTIONS_H

#include "Promql/Ast.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <vector>

namespace telegen {
namespace promql {

struct FunctionInfo {
  llvm::StringRef Name;
  std::vector<ValueType> Args;
  /// 0: exactly Args; N > 0: the last N of Args may be left out; -1: the
  /// last of Args may repeat any number of times.
  int Variadic = 0;
  ValueType Returns = ValueType::InstantVector;
};

/// The function of that name; nullptr when Prometheus has none.
const FunctionInfo *findFunction(llvm::StringRef Name);
/// Every function's name, for did-you-mean.
std::vector<llvm::StringRef> functionNames();

/// Whether Name is an aggregation operator (sum, topk, ...).
bool isAggregation(llvm::StringRef Name);
/// The type of an aggregation's parameter (topk's k: a scalar,
/// count_values' label: a string); nullopt for those that take none.
std::optional<ValueType> aggregationParameter(llvm::StringRef Name);

/// Functions over native histograms, which telegen's classic histograms
/// are not.
bool isNativeHistogramFunction(llvm::StringRef Name);

} // namespace promql
} // namespace telegen

#endif
