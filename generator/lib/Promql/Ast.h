//===- Ast.h - A PromQL expression as plain data ----------------*- C++ -*-===//
//
// What Parser.h makes of a PromQL expression: one node type for every kind
// of expression, children in Args, every name and value with the range of
// the expression text it was written at, so a check can point at it.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_PROMQL_AST_H
#define TELEGEN_PROMQL_AST_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace telegen {
namespace promql {

/// Bytes [Begin, End) of the expression's text.
struct TextRange {
  size_t Begin = 0;
  size_t End = 0;
};

enum class ValueType { Scalar, InstantVector, RangeVector, String };

/// "scalar", "instant vector", "range vector", "string".
const char *name(ValueType T);
/// "a scalar", "an instant vector", ...
std::string withArticle(ValueType T);

enum class MatchOp { Equal, NotEqual, Regex, NotRegex };

/// label="value", label!="value", label=~"regex", label!~"regex".
struct Matcher {
  std::string Label;
  TextRange LabelAt;
  MatchOp Op = MatchOp::Equal;
  /// The string's value, escapes resolved.
  std::string Value;
  /// The string literal, quotes included.
  TextRange ValueAt;
};

/// A label name in by(), without(), on(), ignoring(), group_left() or
/// group_right().
struct LabelName {
  std::string Name;
  TextRange At;
};

struct Expr {
  enum KindType {
    Number,
    String,
    /// metric{matchers}
    VectorSelector,
    /// Args[0] (a vector selector) [Range]
    MatrixSelector,
    /// Args[0] [Range:Step]
    Subquery,
    /// Function(Args...)
    Call,
    /// Function by/without (Grouping) (Args...): the parameter, if any,
    /// then the vector.
    Aggregation,
    /// Args[0] Operator Args[1]
    Binary,
    /// Operator Args[0]
    Unary,
    /// (Args[0])
    Paren,
  };
  KindType Kind = Number;
  TextRange At;
  ValueType Type = ValueType::Scalar;
  std::vector<std::unique_ptr<Expr>> Args;

  // Number and String.
  double NumberValue = 0;
  std::string StringValue;

  // VectorSelector: the metric's name, written before the braces or as
  // __name__="...", and the other matchers.
  std::string Metric;
  TextRange MetricAt;
  std::vector<Matcher> Matchers;

  // MatrixSelector and Subquery: milliseconds; Step 0 when left out.
  uint64_t Range = 0;
  uint64_t Step = 0;
  // Selectors and subqueries: 'offset' and '@' modifiers were written.
  bool HasOffset = false;
  bool HasAt = false;

  // Call and Aggregation: the function or aggregation operator.
  std::string Function;
  TextRange FunctionAt;
  bool HasGrouping = false;
  bool Without = false;
  std::vector<LabelName> Grouping;

  // Binary and Unary: "+", "==", "and", "atan2", ...
  std::string Operator;
  bool ReturnBool = false;
  /// on(...) or ignoring(...) was written.
  bool HasMatching = false;
  bool On = false;
  std::vector<LabelName> MatchingLabels;
  /// group_left(...) or group_right(...): many-to-one or one-to-many.
  bool GroupLeft = false;
  bool GroupRight = false;
  std::vector<LabelName> Include;
};

using ExprPtr = std::unique_ptr<Expr>;

} // namespace promql
} // namespace telegen

#endif
