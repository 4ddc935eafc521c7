//===- Lexer.h - PromQL's tokens --------------------------------*- C++ -*-===//
//
// Splits a PromQL expression into tokens as Prometheus 2's lexer does:
// identifiers (metric names may hold ':'), numbers (decimal, hexadecimal,
// Inf, NaN), durations ("5m", "1h30m"), strings in "", '' or ``, operators
// and punctuation; '#' starts a comment. Keywords are identifiers here; the
// parser tells them apart by where they stand.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_PROMQL_LEXER_H
#define TELEGEN_PROMQL_LEXER_H

#include "Promql/Ast.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace telegen {
namespace promql {

struct Token {
  enum KindType {
    Identifier,
    Number,
    Duration,
    String,
    Operator,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Colon,
    AtSign,
    End,
  };
  KindType Kind = End;
  /// The text as written.
  llvm::StringRef Text;
  TextRange At;
  /// Strings: the value, escapes resolved.
  std::string Value;
};

/// A syntax error at a range of the expression.
class SyntaxError : public llvm::ErrorInfo<SyntaxError> {
public:
  static char ID;
  SyntaxError(std::string Message, TextRange At)
      : Message(std::move(Message)), At(At) {}
  void log(llvm::raw_ostream &OS) const override { OS << Message; }
  std::error_code convertToErrorCode() const override {
    return llvm::inconvertibleErrorCode();
  }
  std::string Message;
  TextRange At;
};

/// The tokens of Text, ending with an End token.
llvm::Expected<std::vector<Token>> tokenize(llvm::StringRef Text);

} // namespace promql
} // namespace telegen

#endif
