//===- Functions.cpp - PromQL's functions and aggregation operators -------===//
#include "Promql/Functions.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace telegen {
namespace promql {
namespace {

constexpr ValueType S = ValueType::Scalar;
constexpr ValueType V = ValueType::InstantVector;
constexpr ValueType M = ValueType::RangeVector;
constexpr ValueType Str = ValueType::String;

const std::vector<FunctionInfo> &functions() {
  static const std::vector<FunctionInfo> All = [] {
    std::vector<FunctionInfo> F = {
        {"absent", {V}},
        {"absent_over_time", {M}},
        {"avg_over_time", {M}},
        {"changes", {M}},
        {"clamp", {V, S, S}},
        {"clamp_max", {V, S}},
        {"clamp_min", {V, S}},
        {"count_over_time", {M}},
        {"days_in_month", {V}, 1},
        {"day_of_month", {V}, 1},
        {"day_of_week", {V}, 1},
        {"day_of_year", {V}, 1},
        {"delta", {M}},
        {"deriv", {M}},
        {"histogram_quantile", {S, V}},
        {"holt_winters", {M, S, S}},
        {"hour", {V}, 1},
        {"idelta", {M}},
        {"increase", {M}},
        {"irate", {M}},
        {"label_join", {V, Str, Str, Str}, -1},
        {"label_replace", {V, Str, Str, Str, Str}},
        {"last_over_time", {M}},
        {"max_over_time", {M}},
        {"min_over_time", {M}},
        {"minute", {V}, 1},
        {"month", {V}, 1},
        {"pi", {}, 0, S},
        {"predict_linear", {M, S}},
        {"present_over_time", {M}},
        {"quantile_over_time", {S, M}},
        {"rate", {M}},
        {"resets", {M}},
        {"round", {V, S}, 1},
        {"scalar", {V}, 0, S},
        {"sort", {V}},
        {"sort_desc", {V}},
        {"stddev_over_time", {M}},
        {"stdvar_over_time", {M}},
        {"sum_over_time", {M}},
        {"time", {}, 0, S},
        {"timestamp", {V}},
        {"vector", {S}},
        {"year", {V}, 1},
    };
    // One instant vector in, one out.
    for (StringRef Name :
         {"abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil",
          "cos", "cosh", "deg",   "exp",  "floor", "ln",   "log10", "log2",
          "rad", "sgn",  "sin",   "sinh", "sqrt",  "tan",  "tanh"})
      F.push_back({Name, {V}});
    sort(F, [](const FunctionInfo &A, const FunctionInfo &B) {
      return A.Name < B.Name;
    });
    return F;
  }();
  return All;
}

} // namespace

const FunctionInfo *findFunction(StringRef Name) {
  const std::vector<FunctionInfo> &All = functions();
  auto It = partition_point(
      All, [&](const FunctionInfo &F) { return F.Name < Name; });
  return It != All.end() && It->Name == Name ? &*It : nullptr;
}

std::vector<StringRef> functionNames() {
  std::vector<StringRef> Names;
  for (const FunctionInfo &F : functions())
    Names.push_back(F.Name);
  return Names;
}

bool isAggregation(StringRef Name) {
  return is_contained({"sum", "avg", "count", "min", "max", "group", "stddev",
                       "stdvar", "topk", "bottomk", "count_values", "quantile"},
                      Name);
}

std::optional<ValueType> aggregationParameter(StringRef Name) {
  if (Name == "topk" || Name == "bottomk" || Name == "quantile")
    return S;
  if (Name == "count_values")
    return Str;
  return std::nullopt;
}

bool isNativeHistogramFunction(StringRef Name) {
  return is_contained(
      {"histogram_count", "histogram_sum", "histogram_fraction"}, Name);
}

} // namespace promql
} // namespace telegen
