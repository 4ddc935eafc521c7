//===- YamlReader.cpp - Schema values out of LLVM's YAML nodes ------------===//
#include "Schema/YamlReader.h"

#include "Check/Catalog.h"
#include "Schema/ScalarSource.h"
#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>

using namespace llvm;
using llvm::yaml::Node;

namespace telegen {
namespace schema {

namespace {

/// The offset of the innermost '[', '{' or quote that is still open at
/// Offset and was opened on an earlier line, or npos. LLVM's parser reports
/// such an opener where the text after it stops making sense, often lines
/// later; the user's mistake is the opener. Comments and block scalars are
/// skipped.
size_t unclosedOpenerBefore(StringRef Text, size_t Offset) {
  auto onEarlierLine = [&](size_t At) {
    return Text.find('\n', At) < Offset ? At : StringRef::npos;
  };
  SmallVector<size_t, 8> Open;
  size_t BlockIndent = StringRef::npos; // inside a block scalar: its parent's
  size_t LineStart = 0;
  auto indentOf = [&](size_t At) {
    size_t I = At;
    while (I < Text.size() && Text[I] == ' ')
      ++I;
    return I - At;
  };
  for (size_t I = 0; I < Offset && I < Text.size(); ++I) {
    char C = Text[I];
    if (I == LineStart && BlockIndent != StringRef::npos) {
      size_t Indent = indentOf(I);
      size_t End = Text.find('\n', I);
      bool Blank = Text.slice(I, End).trim().empty();
      if (Blank || Indent > BlockIndent) { // still the block scalar's text
        if (End == StringRef::npos)
          break;
        I = End;
        LineStart = End + 1;
        continue;
      }
      BlockIndent = StringRef::npos;
    }
    if (C == '\n') {
      LineStart = I + 1;
      continue;
    }
    StringRef Before = Text.slice(LineStart, I).rtrim(' ');
    char Previous = Before.empty() ? '\n' : Before.back();
    bool TokenStart =
        Previous == '\n' || StringRef("[{,:-?").contains(Previous);
    if (C == '#' &&
        (I == LineStart || Text[I - 1] == ' ' || Text[I - 1] == '\t')) {
      I = std::min(Text.find('\n', I), Text.size()) - 1;
      continue;
    }
    if ((C == '\'' || C == '"') && TokenStart) {
      size_t Quote = I;
      for (++I;; ++I) {
        if (I >= Offset || I >= Text.size())
          return onEarlierLine(Quote);
        if (C == '"' && Text[I] == '\\')
          ++I;
        else if (Text[I] == C &&
                 !(C == '\'' && I + 1 < Text.size() && Text[I + 1] == '\''))
          break;
        else if (C == '\'' && Text[I] == '\'')
          ++I;
        else if (Text[I] == '\n')
          LineStart = I + 1;
      }
      continue;
    }
    if ((C == '|' || C == '>') && TokenStart && Open.empty()) {
      StringRef Rest =
          Text.slice(I + 1, Text.find('\n', I)).split('#').first.trim();
      if (Rest.find_first_not_of("+-0123456789") == StringRef::npos) {
        BlockIndent = indentOf(LineStart);
        continue;
      }
    }
    if ((C == '[' || C == '{') && TokenStart)
      Open.push_back(I);
    else if ((C == ']' || C == '}') && !Open.empty())
      Open.pop_back();
  }
  return Open.empty() ? StringRef::npos : onEarlierLine(Open.back());
}

} // namespace

bool readYamlDocument(SourceFiles &Files, unsigned BufferId,
                      DiagnosticList &Diags, StringRef OneDocumentAdvice,
                      function_ref<void(YamlReader &R, Node *Root)> Read) {
  // LLVM's YAML parser reports syntax errors to the SourceMgr.
  struct SyntaxErrorSink {
    SourceFiles &Files;
    StringRef Text;
    DiagnosticList Errors;
  } Sink{Files, Files.sourceMgr().getMemoryBuffer(BufferId)->getBuffer(), {}};
  SourceMgr &SM = Files.sourceMgr();
  SM.setDiagHandler(
      [](const SMDiagnostic &D, void *Context) {
        auto &Sink = *static_cast<SyntaxErrorSink *>(Context);
        std::string Message = D.getMessage().str();
        if (!Message.empty())
          Message[0] = toLower(Message[0]);
        Message = StringRef(Message).rtrim('!').str();
        size_t At = D.getLoc().getPointer() - Sink.Text.begin();
        size_t Opener = At <= Sink.Text.size()
                            ? unclosedOpenerBefore(Sink.Text, At)
                            : StringRef::npos;
        if (Opener == StringRef::npos) {
          Sink.Errors.report(checks::YamlSyntax, Sink.Files.locate(D.getLoc()),
                             "invalid YAML: " + Message);
          return;
        }
        char C = Sink.Text[Opener];
        char Close = C == '[' ? ']' : C == '{' ? '}' : C;
        StringRef What = C == '[' ? "list" : C == '{' ? "mapping" : "text";
        SMLoc Open = SMLoc::getFromPointer(Sink.Text.begin() + Opener);
        Sink.Errors
            .report(checks::YamlSyntax,
                    Sink.Files.locate(SMRange(
                        Open, SMLoc::getFromPointer(Open.getPointer() + 1))),
                    formatv("invalid YAML: this {0} is never closed; add {1} "
                            "where the {2} ends",
                            C == '\'' ? "\"'\"" : "'" + std::string(1, C) + "'",
                            Close == '\'' ? "\"'\""
                                          : "'" + std::string(1, Close) + "'",
                            What)
                        .str())
            .note(Sink.Files.locate(D.getLoc()),
                  "the YAML parser stopped here: " + Message);
      },
      &Sink);

  DiagnosticList Findings;
  YamlReader R(Files, Findings);
  yaml::Stream Stream(SM.getMemoryBuffer(BufferId)->getMemBufferRef(), SM,
                      /*ShowColors=*/false);
  unsigned Documents = 0;
  for (yaml::Document &Doc : Stream) {
    if (++Documents == 1)
      Read(R, Doc.getRoot());
    else if (Documents == 2)
      Findings.report(checks::YamlUnsupported, R.locate(Doc.getRoot()),
                      OneDocumentAdvice);
    if (Stream.failed())
      break;
  }
  SM.setDiagHandler(nullptr);

  if (Sink.Errors.hasErrors() || Stream.failed()) {
    Diags.append(std::move(Sink.Errors));
    return false;
  }
  Diags.append(std::move(Findings));
  return true;
}

Location YamlReader::locate(const Node *N) const {
  if (!N)
    return Location();
  // LLVM gives an alias the range of the token after it; its name points
  // into the buffer, after the '*'.
  if (const auto *Alias = dyn_cast<yaml::AliasNode>(N)) {
    StringRef Name = Alias->getName();
    return Files.locate(SMRange(SMLoc::getFromPointer(Name.begin() - 1),
                                SMLoc::getFromPointer(Name.end())));
  }
  // A plain scalar followed by a comment includes the spaces before it.
  if (const auto *Scalar = dyn_cast<yaml::ScalarNode>(N)) {
    StringRef Raw = Scalar->getRawValue().rtrim(" \t");
    return Files.locate(SMRange(SMLoc::getFromPointer(Raw.begin()),
                                SMLoc::getFromPointer(Raw.end())));
  }
  // And a flow collection the range inside its opening bracket.
  SMRange Range = N->getSourceRange();
  if ((isa<yaml::MappingNode>(N) || isa<yaml::SequenceNode>(N)) &&
      Range.Start.isValid()) {
    const char *Start = Range.Start.getPointer();
    const char *BufferStart =
        Files.sourceMgr()
            .getMemoryBuffer(
                Files.sourceMgr().FindBufferContainingLoc(Range.Start))
            ->getBufferStart();
    if (Start > BufferStart && (Start[-1] == '[' || Start[-1] == '{'))
      Range.Start = SMLoc::getFromPointer(Start - 1);
  }
  return Files.locate(Range);
}

namespace {

bool allOf(StringRef S, function_ref<bool(char)> Pred) {
  return !S.empty() && all_of(S, Pred);
}

/// [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
bool isCoreInt(StringRef S) {
  if (S.consume_front("0o"))
    return allOf(S, [](char C) { return C >= '0' && C <= '7'; });
  if (S.consume_front("0x"))
    return allOf(S, isHexDigit);
  if (!S.consume_front("-"))
    S.consume_front("+");
  return allOf(S, isDigit);
}

/// [-+]? (.[0-9]+ | [0-9]+(.[0-9]*)?) ([eE][-+]?[0-9]+)? | [-+]?.inf | .nan
/// (any case of the words, as the core schema's Inf/INF and NaN/NAN).
bool isCoreFloat(StringRef S) {
  if (is_contained({".nan", ".NaN", ".NAN"}, S))
    return true;
  if (!S.consume_front("-"))
    S.consume_front("+");
  if (is_contained({".inf", ".Inf", ".INF"}, S))
    return true;
  StringRef Mantissa =
      S.take_until([](char C) { return C == 'e' || C == 'E'; });
  StringRef Exponent = S.drop_front(Mantissa.size());
  auto [Whole, Fraction] = Mantissa.split('.');
  bool HasDot = Mantissa.contains('.');
  bool MantissaOk = Whole.empty()
                        ? HasDot && allOf(Fraction, isDigit)
                        : all_of(Whole, isDigit) &&
                              (Fraction.empty() || all_of(Fraction, isDigit));
  if (!MantissaOk)
    return false;
  if (Exponent.empty())
    return true;
  Exponent = Exponent.drop_front();
  if (!Exponent.consume_front("-"))
    Exponent.consume_front("+");
  return allOf(Exponent, isDigit);
}

} // namespace

YamlReader::ScalarType YamlReader::typeOf(const yaml::ScalarNode &S) {
  StringRef Raw = S.getRawValue().rtrim(" \t");
  if (Raw.starts_with("'") || Raw.starts_with("\""))
    return ScalarType::String;
  // YAML 1.2 core schema.
  if (is_contained({"", "~", "null", "Null", "NULL"}, Raw))
    return ScalarType::Null;
  if (is_contained({"true", "True", "TRUE", "false", "False", "FALSE"}, Raw))
    return ScalarType::Bool;
  if (isCoreInt(Raw))
    return ScalarType::Int;
  if (isCoreFloat(Raw))
    return ScalarType::Float;
  return ScalarType::String;
}

StringRef YamlReader::describe(const Node *N) {
  if (isa<yaml::MappingNode>(N))
    return "a mapping";
  if (isa<yaml::SequenceNode>(N))
    return "a list";
  if (isa<yaml::NullNode>(N))
    return "empty";
  if (const auto *S = dyn_cast<yaml::ScalarNode>(N)) {
    switch (typeOf(*S)) {
    case ScalarType::String:
      return "a string";
    case ScalarType::Null:
      return "null";
    case ScalarType::Bool:
      return "a boolean";
    case ScalarType::Int:
    case ScalarType::Float:
      return "a number";
    }
  }
  return "a string"; // block scalars
}

bool YamlReader::supported(const Node *N) {
  if (!N)
    return false;
  if (isa<yaml::AliasNode>(N)) {
    Diags.report(checks::YamlUnsupported, locate(N),
                 "YAML aliases are not supported in schemas; write the value "
                 "out");
    return false;
  }
  if (StringRef Tag = N->getRawTag(); !Tag.empty()) {
    Diags.report(checks::YamlUnsupported,
                 Files.locate(SMRange(SMLoc::getFromPointer(Tag.begin()),
                                      SMLoc::getFromPointer(Tag.end()))),
                 "YAML tags are not supported in schemas; quote a value to "
                 "make it a string");
    return false;
  }
  return true;
}

void YamlReader::reportWrongType(const Node *N, const Twine &What,
                                 StringRef Expected) {
  Diags.report(checks::WrongType, locate(N),
               What + " must be " + Expected + ", not " + describe(N));
}

void YamlReader::reportMissing(const Location &Where, const Twine &What,
                               StringRef Key) {
  Diags.report(checks::MissingKey, Where,
               What + " is missing required key '" + Key + "'");
}

bool YamlReader::readEntries(Node *N, const Twine &What,
                             function_ref<bool(const Ref &Key)> Accept,
                             StringRef DuplicateKind, EntryFn Entry) {
  if (!supported(N))
    return false;
  if (isa<yaml::NullNode>(N))
    return true;
  auto *Map = dyn_cast<yaml::MappingNode>(N);
  if (!Map) {
    reportWrongType(N, What, "a mapping");
    return false;
  }
  StringMap<Location> Seen;
  for (yaml::KeyValueNode &KV : *Map) {
    Node *KeyNode = KV.getKey();
    if (!supported(KeyNode))
      continue;
    auto *KeyScalar = dyn_cast<yaml::ScalarNode>(KeyNode);
    if (!KeyScalar) {
      reportWrongType(KeyNode, "a key in " + What, "a string");
      continue;
    }
    SmallString<32> Storage;
    Ref Key{KeyScalar->getValue(Storage).str(), locate(KeyNode)};
    auto [Previous, Inserted] = Seen.try_emplace(Key.Name, Key.Loc);
    if (!Inserted) {
      Diags
          .report(checks::Duplicate, Key.Loc,
                  DuplicateKind.empty() ? formatv("duplicate key '{0}' in {1}",
                                                  Key.Name, What.str())
                                              .str()
                                        : formatv("{0} '{1}' is declared twice",
                                                  DuplicateKind, Key.Name)
                                              .str())
          .note(Previous->second, "first declared here");
      continue;
    }
    if (Accept(Key))
      Entry(Key, KV.getValue());
  }
  return true;
}

bool YamlReader::mapping(Node *N, const Twine &What,
                         ArrayRef<StringRef> Allowed, EntryFn Entry) {
  // Twine is a view of temporaries: keep the text for the callback.
  std::string Owner = What.str();
  auto Accept = [&](const Ref &Key) {
    if (is_contained(Allowed, Key.Name))
      return true;
    StringRef Suggestion = closestSpelling(Key.Name, Allowed);
    if (!Suggestion.empty()) {
      Diags
          .report(checks::UnknownKey, Key.Loc,
                  formatv("unknown key '{0}' in {1}; did you mean '{2}'?",
                          Key.Name, Owner, Suggestion))
          .fixIt(Suggestion);
    } else {
      Diags.report(checks::UnknownKey, Key.Loc,
                   formatv("unknown key '{0}' in {1}; expected one of: {2}",
                           Key.Name, Owner, join(Allowed, ", ")));
    }
    return false;
  };
  return readEntries(N, Owner, Accept, "", Entry);
}

bool YamlReader::namedMapping(Node *N, const Twine &What, StringRef Kind,
                              EntryFn Entry) {
  return readEntries(
      N, What, [](const Ref &) { return true; }, Kind, Entry);
}

bool YamlReader::sequence(Node *N, const Twine &What,
                          function_ref<void(Node *)> Element) {
  if (!supported(N))
    return false;
  if (isa<yaml::NullNode>(N))
    return true;
  auto *Seq = dyn_cast<yaml::SequenceNode>(N);
  if (!Seq) {
    reportWrongType(N, What, "a list");
    return false;
  }
  for (Node &E : *Seq)
    Element(&E);
  return true;
}

std::optional<std::string> YamlReader::scalar(Node *N, const Twine &What,
                                              StringRef Expected,
                                              const yaml::ScalarNode **Out) {
  if (!supported(N))
    return std::nullopt;
  if (auto *Block = dyn_cast<yaml::BlockScalarNode>(N)) {
    if (Expected != "a string") {
      reportWrongType(N, What, Expected);
      return std::nullopt;
    }
    *Out = nullptr;
    return Block->getValue().str();
  }
  auto *S = dyn_cast<yaml::ScalarNode>(N);
  if (!S) {
    reportWrongType(N, What, Expected);
    return std::nullopt;
  }
  *Out = S;
  SmallString<64> Storage;
  return S->getValue(Storage).str();
}

std::optional<std::string> YamlReader::string(Node *N, const Twine &What) {
  const yaml::ScalarNode *S = nullptr;
  std::optional<std::string> Text = scalar(N, What, "a string", &S);
  if (Text && S && typeOf(*S) != ScalarType::String) {
    Diags.report(checks::WrongType, locate(N),
                 What + " must be a string, not " + describe(N) +
                     "; quote it to make it one");
    return std::nullopt;
  }
  return Text;
}

std::optional<MappedText> YamlReader::mappedString(Node *N, const Twine &What) {
  std::optional<std::string> Text = string(N, What);
  if (!Text)
    return std::nullopt;
  MappedText Result;
  Result.File = locate(N).File;
  // Lines and columns follow from the previous byte's as long as the bytes
  // come in file order (asking the SourceMgr for each would rescan long
  // lines from their start).
  const char *Previous = nullptr;
  std::pair<unsigned, unsigned> Position;
  for (const char *At : scalarSource(*N, *Text)) {
    if (Previous && At >= Previous) {
      for (; Previous < At; ++Previous) {
        if (*Previous == '\n')
          Position = {Position.first + 1, 1};
        else
          ++Position.second;
      }
    } else {
      Location L = Files.locate(SMLoc::getFromPointer(At));
      Position = {L.Line, L.Column};
      Previous = At;
    }
    Result.Positions.push_back(Position);
  }
  Result.Text = std::move(*Text);
  return Result;
}

std::optional<std::string> YamlReader::scalarText(Node *N, const Twine &What) {
  const yaml::ScalarNode *S = nullptr;
  std::optional<std::string> Text = scalar(N, What, "a string", &S);
  if (Text && S && typeOf(*S) == ScalarType::Null) {
    reportWrongType(N, What, "a string");
    return std::nullopt;
  }
  return Text;
}

std::optional<bool> YamlReader::boolean(Node *N, const Twine &What) {
  const yaml::ScalarNode *S = nullptr;
  std::optional<std::string> Text = scalar(N, What, "true or false", &S);
  if (!Text)
    return std::nullopt;
  if (!S || typeOf(*S) != ScalarType::Bool) {
    reportWrongType(N, What, "true or false");
    return std::nullopt;
  }
  return StringRef(*Text).lower() == "true";
}

std::optional<double> YamlReader::number(Node *N, const Twine &What) {
  const yaml::ScalarNode *S = nullptr;
  std::optional<std::string> Text = scalar(N, What, "a number", &S);
  if (!Text)
    return std::nullopt;
  ScalarType Type = S ? typeOf(*S) : ScalarType::String;
  StringRef T = *Text;
  if (Type == ScalarType::Int) {
    bool Negative = T.consume_front("-");
    T.consume_front("+");
    unsigned Radix = T.consume_front("0x")   ? 16
                     : T.consume_front("0o") ? 8
                                             : 10;
    APInt Value;
    if (T.getAsInteger(Radix, Value)) // too many digits for an APInt: huge
      return Negative ? -HUGE_VAL : HUGE_VAL;
    double D = Value.roundToDouble(/*isSigned=*/false);
    return Negative ? -D : D;
  }
  if (Type == ScalarType::Float) {
    std::string Lower = T.lower();
    if (StringRef(Lower).ends_with(".nan"))
      return std::numeric_limits<double>::quiet_NaN();
    if (StringRef(Lower).ends_with(".inf"))
      return Lower[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    double D = 0;
    if (!T.getAsDouble(D, /*AllowInexact=*/true))
      return D;
  }
  reportWrongType(N, What, "a number");
  return std::nullopt;
}

std::optional<uint64_t> YamlReader::count(Node *N, const Twine &What) {
  const yaml::ScalarNode *S = nullptr;
  std::optional<std::string> Text = scalar(N, What, "a whole number", &S);
  if (!Text)
    return std::nullopt;
  uint64_t Value = 0;
  StringRef T = StringRef(*Text).ltrim('+');
  if (!S || typeOf(*S) != ScalarType::Int || T.starts_with("-") ||
      T.starts_with("0x") || T.starts_with("0o")) {
    reportWrongType(N, What, "a whole number");
    return std::nullopt;
  }
  if (T.getAsInteger(10, Value)) {
    Diags.report(checks::InvalidValue, locate(N), What + " is too large");
    return std::nullopt;
  }
  return Value;
}

std::optional<unsigned> YamlReader::oneOf(Node *N, const Twine &What,
                                          ArrayRef<StringRef> Names,
                                          const CheckInfo &Check) {
  std::optional<std::string> Text = string(N, What);
  if (!Text)
    return std::nullopt;
  const auto *It = find(Names, *Text);
  if (It != Names.end())
    return It - Names.begin();
  StringRef Suggestion = closestSpelling(*Text, Names);
  std::string Message = formatv("{0} is '{1}'; expected one of: {2}",
                                What.str(), *Text, join(Names, ", "));
  if (!Suggestion.empty())
    Message = formatv("{0} is '{1}'; did you mean '{2}'?", What.str(), *Text,
                      Suggestion);
  auto D = Diags.report(Check, locate(N), Message);
  if (!Suggestion.empty())
    D.fixIt(Suggestion);
  return std::nullopt;
}

std::optional<std::vector<Ref>>
YamlReader::stringList(Node *N, const Twine &What, bool AnyScalar) {
  std::string Owner = What.str();
  std::vector<Ref> Items;
  StringMap<Location> Seen;
  bool Ok = sequence(N, Owner, [&](Node *E) {
    std::optional<std::string> Text =
        AnyScalar ? scalarText(E, "an entry of " + Owner)
                  : string(E, "an entry of " + Owner);
    if (!Text)
      return;
    Ref Item{*Text, locate(E)};
    auto [Previous, Inserted] = Seen.try_emplace(Item.Name, Item.Loc);
    if (!Inserted) {
      Diags
          .report(checks::Duplicate, Item.Loc,
                  formatv("'{0}' is listed twice in {1}", Item.Name, Owner))
          .note(Previous->second, "first listed here");
      return;
    }
    Items.push_back(std::move(Item));
  });
  if (!Ok)
    return std::nullopt;
  return Items;
}

} // namespace schema
} // namespace telegen
