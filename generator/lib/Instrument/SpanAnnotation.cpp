//===- SpanAnnotation.cpp - The TELEGEN_SPAN argument language ------------===//
#include "Instrument/SpanAnnotation.h"


#include <cctype>

using namespace llvm;

namespace telegen {

std::optional<SpanKind> parseSpanKind(StringRef Name) {
  ArrayRef<StringRef> Names = schema::spanKindNames();
  for (size_t I = 0; I < Names.size(); ++I)
    if (Names[I] == Name)
      return static_cast<SpanKind>(I);
  return std::nullopt;
}

const SpanAnnotationForm *spanAnnotationForm(StringRef Annotation) {
  for (const SpanAnnotationForm &Form : SpanAnnotationForms)
    if (Annotation.starts_with(Form.Prefix))
      return &Form;
  return nullptr;
}

namespace {

enum class TokenKind { String, Identifier, Punct, End, Invalid };

struct Token {
  TokenKind Kind = TokenKind::End;
  StringRef Text;    ///< as written; for strings, with the quotes
  std::string Value; ///< a string's unescaped contents
  unsigned Offset = 0;
};

bool isIdentifierStart(char C) {
  return std::isalpha(static_cast<unsigned char>(C)) || C == '_';
}
bool isIdentifierBody(char C) {
  return std::isalnum(static_cast<unsigned char>(C)) || C == '_';
}

/// Splits annotation text into tokens. Whitespace separates tokens; the
/// stringizing operator has already removed comments.
class Lexer {
public:
  explicit Lexer(StringRef Text) : Text(Text) {}

  Token next() {
    while (Pos < Text.size() && std::isspace(static_cast<unsigned char>(Text[Pos])))
      ++Pos;
    Token T;
    T.Offset = Pos;
    if (Pos == Text.size())
      return T;
    char C = Text[Pos];
    if (C == '"')
      return lexString(T);
    if (isIdentifierStart(C)) {
      size_t End = Pos;
      while (End < Text.size() && isIdentifierBody(Text[End]))
        ++End;
      T.Kind = TokenKind::Identifier;
      T.Text = Text.slice(Pos, End);
      Pos = End;
      return T;
    }
    if (Text.substr(Pos).starts_with("->")) {
      T.Kind = TokenKind::Punct;
      T.Text = Text.substr(Pos, 2);
      Pos += 2;
      return T;
    }
    T.Kind = StringRef("(),=.").contains(C) ? TokenKind::Punct : TokenKind::Invalid;
    T.Text = Text.substr(Pos, 1);
    ++Pos;
    return T;
  }

private:
  Token lexString(Token &T) {
    size_t I = Pos + 1;
    while (I < Text.size() && Text[I] != '"') {
      if (Text[I] == '\\' && I + 1 < Text.size()) {
        T.Value.push_back(Text[I + 1]);
        I += 2;
        continue;
      }
      T.Value.push_back(Text[I++]);
    }
    if (I == Text.size()) {
      T.Kind = TokenKind::Invalid;
      T.Text = Text.substr(Pos);
      Pos = Text.size();
      return T;
    }
    T.Kind = TokenKind::String;
    T.Text = Text.slice(Pos, I + 1);
    Pos = I + 1;
    return T;
  }

  StringRef Text;
  size_t Pos = 0;
};

class Parser {
public:
  Parser(StringRef Text, AnnotationProblem &Problem, StringRef Macro)
      : Lex(Text), Problem(Problem), Macro(Macro) {
    Tok = Lex.next();
  }

  std::optional<SpanAnnotation> parse() {
    SpanAnnotation Result;
    if (Tok.Kind != TokenKind::String)
      return fail((Macro +
                   "'s first argument must be the span name as a "
                   "string literal, e.g. " +
                   Macro + "(\"orders.place\")")
                      .str());
    Result.Name = Tok.Value;
    Result.NameOffset = Tok.Offset;
    consume();
    while (Tok.Kind != TokenKind::End) {
      if (!expectPunct(",",
                       ("expected ',' between " + Macro + " arguments").str()))
        return std::nullopt;
      if (!parseOption(Result))
        return std::nullopt;
    }
    return Result;
  }

private:
  bool parseOption(SpanAnnotation &Result) {
    if (Tok.Kind != TokenKind::Identifier)
      return failed("expected 'kind = ...', 'attrs(...)', 'status = result' "
                    "or 'carrier = ...'");
    Token Option = Tok;
    consume();
    if (Option.Text == "kind") {
      if (!expectPunct("=", "expected '=' after 'kind'"))
        return false;
      std::optional<SpanKind> Kind;
      if (Tok.Kind == TokenKind::Identifier)
        Kind = parseSpanKind(Tok.Text);
      if (!Kind)
        return failed("unknown span kind; use server, client, internal, "
                      "producer or consumer");
      Result.Kind = Kind;
      Result.KindOffset = Tok.Offset;
      consume();
      return true;
    }
    if (Option.Text == "status") {
      if (!expectPunct("=", "expected '=' after 'status'"))
        return false;
      if (Tok.Kind != TokenKind::Identifier || Tok.Text != "result")
        return failed("unknown status source; use 'status = result' to set "
                      "the span's status from the returned value");
      Result.StatusFromResult = true;
      consume();
      return true;
    }
    if (Option.Text == "carrier") {
      if (!expectPunct("=", "expected '=' after 'carrier'"))
        return false;
      AttributeSpec Carrier;
      if (Tok.Kind == TokenKind::String)
        return failed("expected the message member that carries the context, "
                      "e.g. 'carrier = job.trace_context'");
      if (!parseAttribute(Carrier))
        return false;
      Result.Carrier = std::move(Carrier);
      return true;
    }
    if (Option.Text == "attrs") {
      if (!expectPunct("(", "expected '(' after 'attrs'"))
        return false;
      while (!isPunct(")")) {
        if (!Result.Attributes.empty() &&
            !expectPunct(",", "expected ',' or ')' in attrs(...)"))
          return false;
        AttributeSpec Attribute;
        if (!parseAttribute(Attribute))
          return false;
        Result.Attributes.push_back(std::move(Attribute));
      }
      consume();
      return true;
    }
    Problem.Offset = Option.Offset;
    Problem.Message = "unknown " + Macro.str() + " argument '" +
                      Option.Text.str() +
                      "'; expected kind, attrs, status or carrier";
    return false;
  }

  bool parseAttribute(AttributeSpec &Attribute) {
    if (Tok.Kind == TokenKind::String) {
      Attribute.Key = Tok.Value;
      Attribute.ExplicitKey = true;
      consume();
      if (!expectPunct("=", "expected '=' after the attribute key"))
        return false;
    }
    if (Tok.Kind != TokenKind::Identifier)
      return failed("expected a parameter name in attrs(...)");
    Attribute.Offset = Tok.Offset;
    Attribute.Path.push_back({Tok.Text.str(), false, false});
    unsigned End = Tok.Offset + Tok.Text.size();
    consume();
    while (isPunct(".") || isPunct("->")) {
      bool Arrow = Tok.Text == "->";
      consume();
      if (Tok.Kind != TokenKind::Identifier)
        return failed("expected a member name");
      PathStep Step{Tok.Text.str(), Arrow, false};
      End = Tok.Offset + Tok.Text.size();
      consume();
      if (isPunct("(")) {
        consume();
        if (!isPunct(")"))
          return failed("only member functions without arguments can be "
                        "recorded; expected ')'");
        End = Tok.Offset + 1;
        consume();
        Step.Call = true;
      }
      Attribute.Path.push_back(std::move(Step));
    }
    Attribute.Length = End - Attribute.Offset;
    if (!Attribute.ExplicitKey) {
      for (const PathStep &Step : Attribute.Path) {
        if (!Attribute.Key.empty())
          Attribute.Key += '.';
        Attribute.Key += Step.Name;
      }
    }
    return true;
  }

  bool isPunct(StringRef P) const {
    return Tok.Kind == TokenKind::Punct && Tok.Text == P;
  }

  bool expectPunct(StringRef P, StringRef Message) {
    if (!isPunct(P))
      return failed(Message);
    consume();
    return true;
  }

  void consume() { Tok = Lex.next(); }

  bool failed(StringRef Message) {
    Problem.Offset = Tok.Offset;
    Problem.Message = Message.str();
    if (Tok.Kind == TokenKind::Invalid && Tok.Text.starts_with("\""))
      Problem.Message = "unterminated string literal";
    return false;
  }

  std::optional<SpanAnnotation> fail(StringRef Message) {
    failed(Message);
    return std::nullopt;
  }

  Lexer Lex;
  Token Tok;
  AnnotationProblem &Problem;
  StringRef Macro;
};

} // namespace

std::optional<SpanAnnotation> parseSpanAnnotation(StringRef Text,
                                                  AnnotationProblem &Problem,
                                                  StringRef Macro) {
  return Parser(Text, Problem, Macro).parse();
}

std::vector<unsigned> annotationTokenOffsets(StringRef Text) {
  std::vector<unsigned> Offsets;
  Lexer Lex(Text);
  for (Token T = Lex.next(); T.Kind != TokenKind::End; T = Lex.next())
    Offsets.push_back(T.Offset);
  return Offsets;
}

} // namespace telegen
