//===- AlertExpression.cpp - What an alert's PromQL uses, against a schema ===//
//
// Walks the expression bottom-up, computing for each subexpression the
// labels its series can have, and checks each label name written against
// the labels of the series it applies to.
//
//===----------------------------------------------------------------------===//
#include "Check/AlertExpression.h"

#include "Promql/Parser.h"
#include "Support/Numbers.h"
#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Regex.h"

#include <set>

using namespace llvm;
using namespace telegen::schema;
using namespace telegen::promql;

namespace telegen {
namespace {

/// Labels Prometheus attaches to every series it scrapes.
constexpr StringRef TargetLabels[] = {"job", "instance"};

/// The labels the series of a subexpression can have.
struct LabelSet {
  /// Unknown (the expression names something undeclared, reported
  /// already): nothing is checked against it.
  bool Any = false;
  std::set<std::string> Names;
  /// What the series are, for messages: "metric 'x'".
  std::string Of = "the series";

  bool has(StringRef Name) const { return Any || Names.count(Name.str()); }
  std::string list() const {
    return Names.empty() ? "none" : join(Names, ", ");
  }
};

/// A series name a selector may use: a metric, or a histogram's series.
struct SeriesName {
  const Metric *M = nullptr;
  bool Bucket = false;
};

/// A regular expression that is only literal values separated by '|'.
bool isLiteralAlternation(StringRef Pattern) {
  return none_of(
      Pattern, [](char C) { return StringRef(".^$*+?()[]{}\\").contains(C); });
}

class ExpressionChecker {
public:
  ExpressionChecker(const Model &M, const Alert &A, DiagnosticList &Diags,
                    const CheckInfo &Reference, const Twine &Note)
      : M(M), A(A), Diags(Diags), Reference(Reference), Note(Note.str()) {}

  bool run(const Expr &E) {
    visit(E);
    return !Reported;
  }

private:
  void report(TextRange At, const Twine &Message, StringRef Suggestion = "") {
    Reported = true;
    auto D = Diags.report(
        Reference, A.Expr.locate(At.Begin, At.End),
        Suggestion.empty()
            ? Message.str()
            : (Message + "; did you mean '" + Suggestion + "'?").str());
    if (!Suggestion.empty())
      D.fixIt(Suggestion);
    if (!Note.empty())
      D.note(A.Loc, Note);
  }

  /// A string literal's value, without its quotes when it is written
  /// without escapes (so a suggested spelling replaces just the value).
  TextRange valueAt(const Expr &Literal) const {
    TextRange At = Literal.At;
    if (At.End - At.Begin == Literal.StringValue.size() + 2)
      return {At.Begin + 1, At.End - 1};
    return At;
  }

  /// Reports a label name that the series do not have.
  void checkLabel(const LabelSet &Labels, StringRef Name, TextRange At,
                  StringRef Context) {
    if (Labels.has(Name))
      return;
    std::vector<StringRef> Candidates(Labels.Names.begin(), Labels.Names.end());
    report(At,
           formatv("{0}label '{1}' is not a label of {2} (its labels: {3})",
                   Context.empty() ? "" : (Context + ": ").str(), Name,
                   Labels.Of, Labels.list()),
           closestSpelling(Name, Candidates));
  }

  std::optional<SeriesName> resolve(StringRef Name) const {
    if (const Metric *X = M.findMetric(Name))
      return SeriesName{X, false};
    for (StringRef Suffix : {"_bucket", "_sum", "_count"})
      if (Name.ends_with(Suffix))
        if (const Metric *X = M.findMetric(Name.drop_back(Suffix.size()));
            X && X->Type == MetricType::Histogram)
          return SeriesName{X, Suffix == "_bucket"};
    return std::nullopt;
  }

  std::vector<std::string> seriesNames() const {
    std::vector<std::string> Names;
    for (const Metric &X : M.Metrics) {
      Names.push_back(X.Name);
      if (X.Type == MetricType::Histogram)
        for (StringRef Suffix : {"_bucket", "_sum", "_count"})
          Names.push_back(X.Name + Suffix.str());
    }
    return Names;
  }

  LabelSet visit(const Expr &E) {
    switch (E.Kind) {
    case Expr::Number:
    case Expr::String:
      return LabelSet();
    case Expr::VectorSelector:
      return selector(E);
    case Expr::MatrixSelector:
    case Expr::Subquery:
    case Expr::Paren:
    case Expr::Unary:
      return visit(*E.Args[0]);
    case Expr::Call:
      return call(E);
    case Expr::Aggregation:
      return aggregation(E);
    case Expr::Binary:
      return binary(E);
    }
    return LabelSet();
  }

  LabelSet selector(const Expr &E) {
    LabelSet Labels;
    std::optional<SeriesName> Series = resolve(E.Metric);
    if (!Series) {
      std::vector<std::string> Names = seriesNames();
      std::vector<StringRef> Candidates(Names.begin(), Names.end());
      report(E.MetricAt,
             formatv("metric '{0}' is not declared in the schema", E.Metric),
             closestSpelling(E.Metric, Candidates));
      Labels.Any = true;
      return Labels;
    }
    const Metric &X = *Series->M;
    Labels.Of = formatv("metric '{0}'", E.Metric);
    for (const Ref &L : X.Labels)
      Labels.Names.insert(L.Name);
    for (StringRef T : TargetLabels)
      Labels.Names.insert(T.str());
    if (Series->Bucket)
      Labels.Names.insert("le");
    for (const Matcher &Mt : E.Matchers) {
      if (!Labels.has(Mt.Label)) {
        checkLabel(Labels, Mt.Label, Mt.LabelAt, "");
        continue;
      }
      checkValue(X, Mt);
    }
    return Labels;
  }

  /// The values a label of metric X takes; nullopt when any value may
  /// appear (dynamic labels, job and instance).
  std::optional<std::vector<std::string>> valuesOf(const Metric &X,
                                                   StringRef Label) const {
    if (Label == "le") {
      std::vector<std::string> Bounds;
      for (double B : X.Buckets)
        for (std::string &S : bucketBoundSpellings(B))
          Bounds.push_back(std::move(S));
      Bounds.push_back("+Inf");
      return Bounds;
    }
    const schema::Label *L = M.findLabel(Label);
    if (!L || L->Kind == LabelKind::Dynamic)
      return std::nullopt;
    return L->Values;
  }

  void checkValue(const Metric &X, const Matcher &Mt) {
    std::optional<std::vector<std::string>> Values = valuesOf(X, Mt.Label);
    if (!Values)
      return;
    std::vector<StringRef> Candidates(Values->begin(), Values->end());
    std::string Listed = join(*Values, ", ");
    bool IsRegex = Mt.Op == MatchOp::Regex || Mt.Op == MatchOp::NotRegex;
    if (!IsRegex || isLiteralAlternation(Mt.Value)) {
      // Each alternative points at its own text when the string literal
      // spells the value without escapes.
      StringRef Raw = StringRef(A.Expr.Text)
                          .slice(Mt.ValueAt.Begin + 1, Mt.ValueAt.End - 1);
      size_t Literal =
          Raw == Mt.Value ? Mt.ValueAt.Begin + 1 : std::string::npos;
      SmallVector<StringRef, 4> Alternatives;
      if (IsRegex)
        StringRef(Mt.Value).split(Alternatives, '|');
      else
        Alternatives.push_back(Mt.Value);
      for (StringRef V : Alternatives) {
        if (is_contained(*Values, V))
          continue;
        TextRange At = Mt.ValueAt;
        if (Literal != std::string::npos) {
          size_t Offset = V.data() - Mt.Value.data();
          At = {Literal + Offset, Literal + Offset + V.size()};
        }
        report(At,
               formatv("'{0}' is not a value of label '{1}' of metric '{2}' "
                       "(values: {3})",
                       V, Mt.Label, X.Name, Listed),
               closestSpelling(V, Candidates));
      }
      return;
    }
    // Another regular expression: one value at least must match it. LLVM's
    // POSIX syntax is checked; a pattern it cannot read (RE2's \d, (?i))
    // is left to Prometheus.
    Regex R("^(" + Mt.Value + ")$");
    std::string Error;
    if (!R.isValid(Error))
      return;
    if (none_of(*Values, [&](const std::string &V) { return R.match(V); }))
      report(Mt.ValueAt,
             formatv("'{0}' matches no value of label '{1}' of metric '{2}' "
                     "(values: {3})",
                     Mt.Value, Mt.Label, X.Name, Listed));
  }

  LabelSet firstSeriesArgument(const Expr &E,
                               std::vector<LabelSet> &ArgLabels) {
    for (size_t I = 0; I < E.Args.size(); ++I)
      if (E.Args[I]->Type == ValueType::InstantVector ||
          E.Args[I]->Type == ValueType::RangeVector)
        return ArgLabels[I];
    return LabelSet();
  }

  LabelSet call(const Expr &E) {
    std::vector<LabelSet> ArgLabels;
    for (const ExprPtr &Arg : E.Args)
      ArgLabels.push_back(visit(*Arg));
    StringRef F = E.Function;
    if (F == "vector" || F == "time" || F == "pi" || F == "scalar")
      return LabelSet();
    if (F == "absent") {
      LabelSet Result;
      if (E.Args[0]->Kind == Expr::VectorSelector)
        for (const Matcher &Mt : E.Args[0]->Matchers)
          if (Mt.Op == MatchOp::Equal)
            Result.Names.insert(Mt.Label);
      return Result;
    }
    LabelSet Result = firstSeriesArgument(E, ArgLabels);
    if (F == "histogram_quantile") {
      if (!Result.has("le"))
        report(E.Args[1]->At,
               formatv("histogram_quantile needs the buckets' 'le' label, "
                       "which {0} does not have (labels: {1}); keep it when "
                       "aggregating, as in 'sum by (le) (rate(x_bucket[5m]))'",
                       Result.Of, Result.list()));
      Result.Names.erase("le");
    } else if (F == "label_replace" || F == "label_join") {
      const Expr &Destination = *E.Args[1];
      if (!isLabelName(Destination.StringValue))
        report(valueAt(Destination),
               formatv("'{0}' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)",
                       Destination.StringValue));
      // label_replace(v, dst, replacement, src, regex);
      // label_join(v, dst, separator, src...).
      size_t Last = F == "label_replace" ? 4 : E.Args.size();
      for (size_t I = 3; I < Last; ++I)
        checkLabel(Result, E.Args[I]->StringValue, valueAt(*E.Args[I]), F);
      Result.Names.insert(Destination.StringValue);
    }
    Result.Of = "the series of " + F.str() + "(...)";
    return Result;
  }

  LabelSet aggregation(const Expr &E) {
    LabelSet Operand = visit(*E.Args.back());
    if (E.Args.size() == 2)
      visit(*E.Args[0]);
    LabelSet Result;
    Result.Of = "the series of " + E.Function + "(...)";
    for (const LabelName &L : E.Grouping)
      checkLabel(
          Operand, L.Name, L.At,
          formatv("{0} {1} (...)", E.Function, E.Without ? "without" : "by")
              .str());
    if (E.HasGrouping && E.Without) {
      Result.Any = Operand.Any;
      Result.Names = Operand.Names;
      for (const LabelName &L : E.Grouping)
        Result.Names.erase(L.Name);
    } else {
      for (const LabelName &L : E.Grouping)
        Result.Names.insert(L.Name);
    }
    if (E.Function == "topk" || E.Function == "bottomk") {
      Result.Any = Operand.Any;
      Result.Names = Operand.Names;
    }
    if (E.Function == "count_values") {
      const Expr &Label = *E.Args[0];
      if (!isLabelName(Label.StringValue))
        report(valueAt(Label),
               formatv("'{0}' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*)",
                       Label.StringValue));
      Result.Names.insert(Label.StringValue);
    }
    return Result;
  }

  LabelSet binary(const Expr &E) {
    LabelSet Left = visit(*E.Args[0]);
    LabelSet Right = visit(*E.Args[1]);
    bool LeftVector = E.Args[0]->Type == ValueType::InstantVector;
    bool RightVector = E.Args[1]->Type == ValueType::InstantVector;
    if (!LeftVector)
      return RightVector ? Right : LabelSet();
    if (!RightVector)
      return Left;

    LabelSet Both;
    Both.Any = Left.Any || Right.Any;
    Both.Names = Left.Names;
    Both.Names.insert(Right.Names.begin(), Right.Names.end());
    Both.Of = "either side of '" + E.Operator + "'";
    // on() matches series by labels both sides have; ignoring() leaves out
    // labels of either side.
    for (const LabelName &L : E.MatchingLabels) {
      if (!E.On) {
        checkLabel(Both, L.Name, L.At, "ignoring (...)");
        continue;
      }
      for (const LabelSet *Side : {&Left, &Right})
        if (!Side->has(L.Name)) {
          checkLabel(*Side, L.Name, L.At, "on (...)");
          break;
        }
    }
    const LabelSet &One = E.GroupLeft ? Right : Left;
    for (const LabelName &L : E.Include)
      checkLabel(
          One, L.Name, L.At,
          formatv("{0} (...)", E.GroupLeft ? "group_left" : "group_right")
              .str());

    LabelSet Result;
    Result.Of = "the series of '" + E.Operator + "'";
    if (E.Operator == "or") {
      Result.Any = Both.Any;
      Result.Names = Both.Names;
      return Result;
    }
    if (E.GroupLeft || E.GroupRight) {
      const LabelSet &Many = E.GroupLeft ? Left : Right;
      Result.Any = Many.Any;
      Result.Names = Many.Names;
      for (const LabelName &L : E.Include)
        Result.Names.insert(L.Name);
      return Result;
    }
    Result.Any = Left.Any && !E.On;
    Result.Names = Left.Names;
    bool SetOperator = E.Operator == "and" || E.Operator == "unless";
    if (E.On && !SetOperator) {
      Result.Names.clear();
      for (const LabelName &L : E.MatchingLabels)
        Result.Names.insert(L.Name);
    } else if (E.HasMatching && !SetOperator) {
      for (const LabelName &L : E.MatchingLabels)
        Result.Names.erase(L.Name);
    }
    return Result;
  }

  const Model &M;
  const Alert &A;
  DiagnosticList &Diags;
  const CheckInfo &Reference;
  std::string Note;
  bool Reported = false;
};

} // namespace

bool checkAlertExpression(const Model &M, const Alert &A, DiagnosticList &Diags,
                          const CheckInfo &SyntaxCheck,
                          const CheckInfo &ReferenceCheck, const Twine &Note) {
  Expected<ExprPtr> Parsed = promql::parse(A.Expr.Text);
  if (!Parsed) {
    handleAllErrors(Parsed.takeError(), [&](const SyntaxError &E) {
      Diags.report(SyntaxCheck, A.Expr.locate(E.At.Begin, E.At.End),
                   "invalid PromQL in alert '" + A.Name + "': " + E.Message);
    });
    return false;
  }
  if ((*Parsed)->Type != ValueType::InstantVector) {
    Diags.report(SyntaxCheck, A.Expr.locate(0, A.Expr.Text.size()),
                 formatv("alert '{0}' gives {1}; an alert's expression "
                         "gives an instant vector (its series are the alerts)",
                         A.Name, withArticle((*Parsed)->Type)));
    return false;
  }
  return ExpressionChecker(M, A, Diags, ReferenceCheck, Note).run(**Parsed);
}

} // namespace telegen
