//===- Parser.cpp - PromQL expressions, parsed and type-checked -----------===//
//
// A recursive-descent parser with precedence climbing for binary operators,
// from lowest to highest: or; and, unless; comparisons; + -; * / % atan2;
// ^ (right-associative). Unary + and - bind like *, so -a^b is -(a^b).
// Ranges, subqueries, 'offset' and '@' follow the expression they modify.
//
//===----------------------------------------------------------------------===//
#include "Promql/Parser.h"

#include "Promql/Functions.h"
#include "Support/Duration.h"
#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <cstdlib>

using namespace llvm;

namespace telegen {
namespace promql {

const char *name(ValueType T) {
  switch (T) {
  case ValueType::Scalar:
    return "scalar";
  case ValueType::InstantVector:
    return "instant vector";
  case ValueType::RangeVector:
    return "range vector";
  case ValueType::String:
    return "string";
  }
  return "";
}

std::string withArticle(ValueType T) {
  return (T == ValueType::InstantVector ? "an " : "a ") + std::string(name(T));
}

bool isLabelName(StringRef Name) {
  return !Name.empty() && (isAlpha(Name[0]) || Name[0] == '_') &&
         all_of(Name, [](char C) { return isAlnum(C) || C == '_'; });
}

namespace {

/// Binary operators by precedence, 1 the lowest.
int precedence(StringRef Op) {
  if (Op == "or")
    return 1;
  if (Op == "and" || Op == "unless")
    return 2;
  if (is_contained({"==", "!=", "<=", "<", ">=", ">"}, Op))
    return 3;
  if (Op == "+" || Op == "-")
    return 4;
  if (is_contained({"*", "/", "%", "atan2"}, Op))
    return 5;
  if (Op == "^")
    return 6;
  return 0;
}

bool isComparison(StringRef Op) { return precedence(Op) == 3; }
bool isSetOperator(StringRef Op) {
  return Op == "and" || Op == "or" || Op == "unless";
}

/// Words that only stand between expressions: none names a metric.
/// (Aggregation operators, 'by', 'without' and 'offset' may: they are
/// keywords only where an operator or modifier is expected.)
bool isKeyword(StringRef Word) {
  return is_contained({"and", "or", "unless", "atan2", "on", "ignoring",
                       "group_left", "group_right", "bool"},
                      Word);
}

constexpr unsigned MaxDepth = 128;
/// Nodes an expression may have: a long chain of operators builds a tree as
/// deep as it is long, which the checks walk recursively.
constexpr unsigned MaxNodes = 1000;

class Parser {
public:
  explicit Parser(std::vector<Token> Tokens) : Tokens(std::move(Tokens)) {}

  Expected<ExprPtr> run() {
    Expected<ExprPtr> E = expression(1);
    if (!E)
      return E;
    if (peek().Kind != Token::End)
      return unexpected(peek(), "after the expression");
    return E;
  }

private:
  const Token &peek(size_t Ahead = 0) const {
    return Tokens[std::min(Index + Ahead, Tokens.size() - 1)];
  }
  const Token &take() {
    const Token &T = peek();
    if (Index < Tokens.size() - 1)
      ++Index;
    return T;
  }
  /// Keywords and aggregation operators are case-insensitive, as in
  /// Prometheus; function names are not.
  bool isWord(const Token &T, StringRef Word) const {
    return T.Kind == Token::Identifier && T.Text.equals_insensitive(Word);
  }

  Error error(const Twine &Message, TextRange At) const {
    return make_error<SyntaxError>(Message.str(), At);
  }
  Error unexpected(const Token &T, StringRef Context) const {
    if (T.Kind == Token::End)
      return error(Twine("the expression ends unexpectedly ") + Context, T.At);
    return error(formatv("unexpected '{0}' {1}", T.Text, Context), T.At);
  }
  Error expect(Token::KindType Kind, StringRef What, StringRef Context) {
    if (peek().Kind != Kind)
      return error(peek().Kind == Token::End
                       ? formatv("expected {0} {1}, but the expression ends",
                                 What, Context)
                             .str()
                       : formatv("expected {0} {1}, found '{2}'", What, Context,
                                 peek().Text)
                             .str(),
                   peek().At);
    take();
    return Error::success();
  }

  ExprPtr node(Expr::KindType Kind, TextRange At, ValueType Type) {
    ++Nodes;
    auto E = std::make_unique<Expr>();
    E->Kind = Kind;
    E->At = At;
    E->Type = Type;
    return E;
  }

  /// The binary operator at the cursor, or "".
  std::string binaryOperator() const {
    const Token &T = peek();
    if (T.Kind == Token::Operator && T.Text != "=" && T.Text != "=~" &&
        T.Text != "!~")
      return T.Text.str();
    std::string Word = T.Text.lower();
    if (T.Kind == Token::Identifier &&
        is_contained({"and", "or", "unless", "atan2"}, Word))
      return Word;
    return "";
  }

  Expected<ExprPtr> expression(int MinPrecedence) {
    if (++Depth > MaxDepth)
      return error("the expression nests too deeply", peek().At);
    auto Leave = make_scope_exit([&] { --Depth; });
    Expected<ExprPtr> Left = unary();
    if (!Left)
      return Left;
    while (true) {
      if (Nodes > MaxNodes)
        return error(formatv("the expression is too long: over {0} terms",
                             MaxNodes),
                     peek().At);
      std::string Op = binaryOperator();
      int Precedence = precedence(Op);
      if (Precedence == 0 || Precedence < MinPrecedence)
        return Left;
      const Token &OpToken = take();
      auto Binary =
          node(Expr::Binary, {(*Left)->At.Begin, 0}, ValueType::Scalar);
      Binary->Operator = Op;
      if (Error E = modifiers(*Binary))
        return E;
      // ^ is right-associative, the others left-associative.
      Expected<ExprPtr> Right =
          expression(Op == "^" ? Precedence : Precedence + 1);
      if (!Right)
        return Right;
      Binary->At.End = (*Right)->At.End;
      Binary->Args.push_back(std::move(*Left));
      Binary->Args.push_back(std::move(*Right));
      if (Error E = checkBinary(*Binary, OpToken))
        return E;
      Left = std::move(Binary);
    }
  }

  /// bool, on/ignoring (labels), group_left/group_right [(labels)].
  Error modifiers(Expr &B) {
    if (isWord(peek(), "bool")) {
      if (!isComparison(B.Operator))
        return error("'bool' only modifies comparison operators", peek().At);
      take();
      B.ReturnBool = true;
    }
    if (isWord(peek(), "on") || isWord(peek(), "ignoring")) {
      B.HasMatching = true;
      B.On = take().Text.equals_insensitive("on");
      if (Error E = labelList(B.MatchingLabels, B.On ? "on" : "ignoring"))
        return E;
    }
    if (isWord(peek(), "group_left") || isWord(peek(), "group_right")) {
      const Token &Group = take();
      if (!B.HasMatching)
        return error(formatv("'{0}' needs 'on(...)' or 'ignoring(...)' "
                             "before it",
                             Group.Text),
                     Group.At);
      if (isSetOperator(B.Operator))
        return error(formatv("no grouping is allowed for '{0}': set "
                             "operations match many to many",
                             B.Operator),
                     Group.At);
      (Group.Text.equals_insensitive("group_left") ? B.GroupLeft
                                                   : B.GroupRight) = true;
      if (peek().Kind == Token::LeftParen)
        if (Error E = labelList(B.Include, Group.Text))
          return E;
      if (B.On)
        for (const LabelName &L : B.Include)
          if (any_of(B.MatchingLabels,
                     [&](const LabelName &M) { return M.Name == L.Name; }))
            return error(formatv("label '{0}' must not be both in 'on' and "
                                 "in '{1}'",
                                 L.Name, Group.Text),
                         L.At);
    }
    return Error::success();
  }

  Error checkBinary(Expr &B, const Token &Op) {
    const Expr &L = *B.Args[0], &R = *B.Args[1];
    for (const Expr *Side : {&L, &R})
      if (Side->Type != ValueType::Scalar &&
          Side->Type != ValueType::InstantVector)
        return error(formatv("'{0}' takes scalars and instant vectors; this "
                             "operand is {1}",
                             B.Operator, withArticle(Side->Type)),
                     Side->At);
    bool BothVectors = L.Type == ValueType::InstantVector &&
                       R.Type == ValueType::InstantVector;
    if (isSetOperator(B.Operator) && !BothVectors)
      return error(formatv("'{0}' is a set operator: both operands must be "
                           "instant vectors",
                           B.Operator),
                   Op.At);
    if (B.HasMatching && !BothVectors)
      return error("vector matching ('on', 'ignoring') only applies between "
                   "two instant vectors",
                   Op.At);
    if (isComparison(B.Operator) && !B.ReturnBool &&
        L.Type == ValueType::Scalar && R.Type == ValueType::Scalar)
      return error("a comparison between two scalars needs 'bool'", Op.At);
    B.Type = L.Type == ValueType::Scalar && R.Type == ValueType::Scalar
                 ? ValueType::Scalar
                 : ValueType::InstantVector;
    return Error::success();
  }

  Expected<ExprPtr> unary() {
    if (peek().Kind == Token::Operator &&
        (peek().Text == "+" || peek().Text == "-")) {
      const Token &Op = take();
      // Binds like '*': only '^' binds tighter.
      Expected<ExprPtr> Operand = expression(precedence("^"));
      if (!Operand)
        return Operand;
      if ((*Operand)->Type != ValueType::Scalar &&
          (*Operand)->Type != ValueType::InstantVector)
        return error(formatv("unary '{0}' takes a scalar or an instant "
                             "vector, not {1}",
                             Op.Text, withArticle((*Operand)->Type)),
                     (*Operand)->At);
      auto U = node(Expr::Unary, {Op.At.Begin, (*Operand)->At.End},
                    (*Operand)->Type);
      U->Operator = Op.Text.str();
      U->Args.push_back(std::move(*Operand));
      return U;
    }
    Expected<ExprPtr> P = primary();
    if (!P)
      return P;
    return postfix(std::move(*P));
  }

  /// Ranges, subqueries, offset and @ after an expression.
  Expected<ExprPtr> postfix(ExprPtr E) {
    while (true) {
      if (peek().Kind == Token::LeftBracket) {
        Expected<ExprPtr> R = rangeOrSubquery(std::move(E));
        if (!R)
          return R;
        E = std::move(*R);
      } else if (isWord(peek(), "offset")) {
        const Token &Offset = take();
        if (Error Err = modifierTarget(*E, Offset))
          return Err;
        if (peek().Kind == Token::Operator && peek().Text == "-")
          take(); // a negative offset looks ahead in time
        if (Error Err = duration("after 'offset'").takeError())
          return Err;
        Expr &Target = targetOf(*E);
        if (Target.HasOffset)
          return error("'offset' is given twice", Offset.At);
        Target.HasOffset = true;
        E->At.End = Tokens[Index - 1].At.End;
      } else if (peek().Kind == Token::AtSign) {
        const Token &At = take();
        if (Error Err = modifierTarget(*E, At))
          return Err;
        if (Error Err = atValue())
          return Err;
        Expr &Target = targetOf(*E);
        if (Target.HasAt)
          return error("'@' is given twice", At.At);
        Target.HasAt = true;
        E->At.End = Tokens[Index - 1].At.End;
      } else {
        return E;
      }
    }
  }

  /// The node an offset or @ modifies: a matrix selector's vector selector.
  static Expr &targetOf(Expr &E) {
    return E.Kind == Expr::MatrixSelector ? *E.Args[0] : E;
  }

  Error modifierTarget(const Expr &E, const Token &Modifier) {
    if (E.Kind == Expr::VectorSelector || E.Kind == Expr::MatrixSelector ||
        E.Kind == Expr::Subquery)
      return Error::success();
    return error(formatv("'{0}' modifies a selector or a subquery: write it "
                         "right after one",
                         Modifier.Text),
                 Modifier.At);
  }

  Error atValue() {
    if (isWord(peek(), "start") || isWord(peek(), "end")) {
      take();
      if (Error E = expect(Token::LeftParen, "'('", "after start/end"))
        return E;
      return expect(Token::RightParen, "')'", "after start(/end(");
    }
    if (peek().Kind == Token::Operator &&
        (peek().Text == "+" || peek().Text == "-"))
      take();
    if (peek().Kind != Token::Number)
      return error("'@' takes a Unix time, start() or end()", peek().At);
    take();
    return Error::success();
  }

  Expected<uint64_t> duration(StringRef Context) {
    const Token &T = peek();
    std::optional<uint64_t> Ms;
    if (T.Kind == Token::Duration)
      Ms = parseDuration(T.Text);
    if (T.Kind != Token::Duration || !Ms)
      return error(T.Kind == Token::End
                       ? formatv("expected a duration {0}, but the expression "
                                 "ends",
                                 Context)
                             .str()
                       : formatv("expected a duration such as 5m or 1h30m "
                                 "{0}, found '{1}'",
                                 Context, T.Text)
                             .str(),
                   T.At);
    take();
    return *Ms;
  }

  Expected<ExprPtr> rangeOrSubquery(ExprPtr E) {
    const Token &Open = take();
    Expected<uint64_t> Range = duration("in '[...]'");
    if (!Range)
      return Range.takeError();
    bool Subquery = false;
    uint64_t Step = 0;
    if (peek().Kind == Token::Colon) {
      take();
      Subquery = true;
      if (peek().Kind != Token::RightBracket) {
        Expected<uint64_t> S = duration("as the subquery's step");
        if (!S)
          return S.takeError();
        Step = *S;
      }
    }
    if (Error Err = expect(Token::RightBracket, "']'", "after the range"))
      return Err;
    TextRange At{E->At.Begin, Tokens[Index - 1].At.End};
    if (Subquery) {
      if (E->Type != ValueType::InstantVector)
        return error(formatv("a subquery needs an instant vector; this is a "
                             "{0}",
                             name(E->Type)),
                     Open.At);
    } else if (E->Kind != Expr::VectorSelector) {
      return error("a range '[...]' follows a selector such as "
                   "'metric{...}'; for any other expression write a "
                   "subquery, '[5m:1m]'",
                   Open.At);
    } else if (E->HasOffset || E->HasAt) {
      return error("write the range before 'offset' and '@'", Open.At);
    }
    auto R = node(Subquery ? Expr::Subquery : Expr::MatrixSelector, At,
                  ValueType::RangeVector);
    R->Range = *Range;
    R->Step = Step;
    R->Args.push_back(std::move(E));
    return R;
  }

  Expected<ExprPtr> primary() {
    if (++Depth > MaxDepth)
      return error("the expression nests too deeply", peek().At);
    auto Leave = make_scope_exit([&] { --Depth; });
    const Token &T = peek();
    switch (T.Kind) {
    case Token::Number:
      return number(take());
    case Token::String: {
      take();
      auto S = node(Expr::String, T.At, ValueType::String);
      S->StringValue = T.Value;
      return S;
    }
    case Token::LeftParen: {
      take();
      Expected<ExprPtr> Inner = expression(1);
      if (!Inner)
        return Inner;
      if (Error E = expect(Token::RightParen, "')'", "to close '('"))
        return E;
      auto P = node(Expr::Paren, {T.At.Begin, Tokens[Index - 1].At.End},
                    (*Inner)->Type);
      P->Args.push_back(std::move(*Inner));
      return P;
    }
    case Token::LeftBrace:
      return selector(nullptr);
    case Token::Identifier:
      return identifier();
    case Token::Duration:
      return error("a duration stands only in '[...]' and after 'offset'",
                   T.At);
    default:
      return unexpected(T, "where an expression belongs");
    }
  }

  Expected<ExprPtr> number(const Token &T) {
    double Value = 0;
    StringRef Text = T.Text;
    if (Text.equals_insensitive("inf")) {
      Value = HUGE_VAL;
    } else if (Text.equals_insensitive("nan")) {
      Value = NAN;
    } else if (Text.starts_with_insensitive("0x")) {
      uint64_t Hex = 0;
      if (Text.drop_front(2).getAsInteger(16, Hex))
        return error("the number is too large", T.At);
      Value = static_cast<double>(Hex);
    } else {
      std::string Copy = Text.str();
      char *End = nullptr;
      Value = std::strtod(Copy.c_str(), &End);
      if (End != Copy.c_str() + Copy.size())
        return error(formatv("'{0}' is not a number", Text), T.At);
    }
    auto N = node(Expr::Number, T.At, ValueType::Scalar);
    N->NumberValue = Value;
    return N;
  }

  Expected<ExprPtr> identifier() {
    const Token &T = peek();
    StringRef Word = T.Text;
    if (Word.equals_insensitive("inf") || Word.equals_insensitive("nan"))
      return number(take());
    if (isAggregation(Word.lower()) &&
        (peek(1).Kind == Token::LeftParen || isWord(peek(1), "by") ||
         isWord(peek(1), "without")))
      return aggregation();
    if (peek(1).Kind == Token::LeftParen)
      return call();
    if (isKeyword(Word.lower()))
      return error(
          formatv("'{0}' is a keyword; an expression belongs here", Word),
          T.At);
    return selector(&take());
  }

  /// metric, metric{...} or {...}; Name is the metric's token or nullptr.
  Expected<ExprPtr> selector(const Token *Name) {
    size_t Begin = Name ? Name->At.Begin : peek().At.Begin;
    auto S = node(Expr::VectorSelector, {Begin, 0}, ValueType::InstantVector);
    if (Name) {
      S->Metric = Name->Text.str();
      S->MetricAt = Name->At;
    }
    if (peek().Kind == Token::LeftBrace) {
      take();
      if (Error E =
              commaSeparated(Token::RightBrace, "}", "in the label matchers",
                             [&] { return matcher(*S); }))
        return E;
    }
    S->At.End = Tokens[Index - 1].At.End;
    if (S->Metric.empty())
      return error("name the metric this selects ('metric{...}' or "
                   "'{__name__=\"metric\"}'): telegen checks every series an "
                   "alert uses",
                   S->At);
    return S;
  }

  Error matcher(Expr &S) {
    const Token &Label = peek();
    if (Label.Kind != Token::Identifier || !isLabelName(Label.Text))
      return unexpected(Label, "where a label name belongs");
    take();
    const Token &Op = peek();
    static const std::pair<StringRef, MatchOp> Ops[] = {
        {"=", MatchOp::Equal},
        {"!=", MatchOp::NotEqual},
        {"=~", MatchOp::Regex},
        {"!~", MatchOp::NotRegex}};
    const auto *It = find_if(Ops, [&](const auto &P) {
      return Op.Kind == Token::Operator && Op.Text == P.first;
    });
    if (It == std::end(Ops))
      return unexpected(Op, formatv("after label '{0}': expected =, !=, =~ "
                                    "or !~",
                                    Label.Text)
                                .str());
    take();
    const Token &Value = peek();
    if (Value.Kind != Token::String)
      return unexpected(Value, "where the label's value belongs: expected a "
                               "quoted string");
    take();
    if (Label.Text == "__name__") {
      if (It->second != MatchOp::Equal)
        return error("telegen checks every series an alert uses: select "
                     "the metric by its name, not by a pattern",
                     Label.At);
      if (!S.Metric.empty())
        return error("the metric's name is given twice", Label.At);
      S.Metric = Value.Value;
      S.MetricAt = Value.At;
      return Error::success();
    }
    S.Matchers.push_back(
        {Label.Text.str(), Label.At, It->second, Value.Value, Value.At});
    return Error::success();
  }

  /// Items separated by commas (a trailing one allowed) up to and including
  /// the token Close; Context names the list in errors ("in 'by(...)'").
  Error commaSeparated(Token::KindType Close, StringRef CloseText,
                       StringRef Context, function_ref<Error()> Item) {
    while (peek().Kind != Close) {
      if (Error E = Item())
        return E;
      if (peek().Kind == Token::Comma)
        take();
      else if (peek().Kind != Close)
        return unexpected(
            peek(),
            formatv("{0}: expected ',' or '{1}'", Context, CloseText).str());
    }
    take();
    return Error::success();
  }

  /// '(' label, ... ')' after by, without, on, ignoring, group_left/right.
  Error labelList(std::vector<LabelName> &Out, StringRef After) {
    if (Error E = expect(Token::LeftParen, "'('",
                         formatv("after '{0}'", After).str()))
      return E;
    std::string Context = formatv("in '{0}(...)'", After);
    return commaSeparated(Token::RightParen, ")", Context, [&]() -> Error {
      const Token &L = peek();
      if (L.Kind != Token::Identifier || !isLabelName(L.Text))
        return unexpected(L, Context + ": expected a label name");
      take();
      Out.push_back({L.Text.str(), L.At});
      return Error::success();
    });
  }

  /// '(' expr, ... ')' of a call or aggregation.
  Error arguments(std::vector<ExprPtr> &Out, StringRef Function) {
    if (Error E = expect(Token::LeftParen, "'('",
                         formatv("after '{0}'", Function).str()))
      return E;
    return commaSeparated(Token::RightParen, ")",
                          formatv("in the arguments of '{0}'", Function).str(),
                          [&]() -> Error {
                            Expected<ExprPtr> Arg = expression(1);
                            if (!Arg)
                              return Arg.takeError();
                            Out.push_back(std::move(*Arg));
                            return Error::success();
                          });
  }

  Error typeOf(const Expr &Arg, ValueType Wanted, StringRef Function,
               size_t Position) {
    if (Arg.Type == Wanted)
      return Error::success();
    std::string Hint;
    if (Wanted == ValueType::RangeVector && Arg.Kind == Expr::VectorSelector)
      Hint = "; give the selector a range such as [5m]";
    return error(formatv("argument {0} of '{1}' must be {2}, not {3}{4}",
                         Position, Function, withArticle(Wanted),
                         withArticle(Arg.Type), Hint),
                 Arg.At);
  }

  Expected<ExprPtr> call() {
    const Token &Name = take();
    const FunctionInfo *F = findFunction(Name.Text);
    if (!F) {
      if (isNativeHistogramFunction(Name.Text))
        return error(formatv("'{0}' works on native histograms; telegen's "
                             "histograms are classic ones (use "
                             "histogram_quantile over _bucket, or _count and "
                             "_sum)",
                             Name.Text),
                     Name.At);
      StringRef Suggestion = closestSpelling(Name.Text, functionNames());
      return error(
          Suggestion.empty()
              ? formatv("'{0}' is not a PromQL function", Name.Text).str()
              : formatv("'{0}' is not a PromQL function; did you "
                        "mean '{1}'?",
                        Name.Text, Suggestion)
                    .str(),
          Name.At);
    }
    auto C = node(Expr::Call, {Name.At.Begin, 0}, F->Returns);
    C->Function = F->Name.str();
    C->FunctionAt = Name.At;
    if (Error E = arguments(C->Args, Name.Text))
      return E;
    C->At.End = Tokens[Index - 1].At.End;
    size_t Given = C->Args.size(), Declared = F->Args.size();
    size_t Min = F->Variadic > 0 ? Declared - F->Variadic : Declared;
    bool CountOk = F->Variadic < 0 ? Given >= Declared - 1
                                   : Given >= Min && Given <= Declared;
    if (!CountOk) {
      std::string Expected =
          F->Variadic < 0   ? formatv("at least {0}", Declared - 1).str()
          : Min == Declared ? utostr(Declared)
                            : formatv("{0} to {1}", Min, Declared).str();
      return error(formatv("'{0}' takes {1} argument{2}, not {3}", Name.Text,
                           Expected, Declared == 1 ? "" : "s", Given),
                   C->At);
    }
    for (size_t I = 0; I < Given; ++I)
      if (Error E = typeOf(*C->Args[I], F->Args[std::min(I, Declared - 1)],
                           Name.Text, I + 1))
        return E;
    return C;
  }

  Expected<ExprPtr> aggregation() {
    const Token &Name = take();
    auto A =
        node(Expr::Aggregation, {Name.At.Begin, 0}, ValueType::InstantVector);
    A->Function = Name.Text.lower();
    A->FunctionAt = Name.At;
    auto Grouping = [&]() -> Error {
      if (!isWord(peek(), "by") && !isWord(peek(), "without"))
        return Error::success();
      const Token &Clause = take();
      if (A->HasGrouping)
        return error("the aggregation's grouping is given twice", Clause.At);
      A->HasGrouping = true;
      A->Without = Clause.Text.equals_insensitive("without");
      return labelList(A->Grouping, Clause.Text);
    };
    if (Error E = Grouping())
      return E;
    if (Error E = arguments(A->Args, Name.Text))
      return E;
    if (Error E = Grouping())
      return E;
    A->At.End = Tokens[Index - 1].At.End;
    std::optional<ValueType> Parameter = aggregationParameter(A->Function);
    size_t Wanted = Parameter ? 2 : 1;
    if (A->Args.size() != Wanted)
      return error(formatv("'{0}' takes {1}, not {2} argument{3}", Name.Text,
                           Parameter ? "a parameter and an instant vector"
                                     : "one instant vector",
                           A->Args.size(), A->Args.size() == 1 ? "" : "s"),
                   A->At);
    if (Parameter)
      if (Error E = typeOf(*A->Args[0], *Parameter, Name.Text, 1))
        return E;
    if (Error E = typeOf(*A->Args.back(), ValueType::InstantVector, Name.Text,
                         Wanted))
      return E;
    return A;
  }

  std::vector<Token> Tokens;
  size_t Index = 0;
  unsigned Depth = 0;
  unsigned Nodes = 0;
};

} // namespace

Expected<ExprPtr> parse(StringRef Text) {
  Expected<std::vector<Token>> Tokens = tokenize(Text);
  if (!Tokens)
    return Tokens.takeError();
  return Parser(std::move(*Tokens)).run();
}

} // namespace promql
} // namespace telegen
