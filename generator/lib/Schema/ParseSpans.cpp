//===- ParseSpans.cpp - Spans, rules and propagation boundaries -----------===//
#include "Check/Catalog.h"
#include "Schema/FileParser.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <climits>

using namespace llvm;

namespace telegen {
namespace schema {
namespace {

/// Why a qualified name (Wildcards: or pattern) is malformed, or "".
std::string qualifiedNameError(StringRef Name, bool Wildcards) {
  StringRef Rest = Name;
  Rest.consume_front("::");
  if (Rest.empty())
    return "it names nothing";
  SmallVector<StringRef, 8> Components;
  Rest.split(Components, "::");
  for (StringRef C : Components) {
    if (C.empty())
      return "a name component between '::' is empty";
    if (Wildcards && C == "**")
      continue;
    if (Wildcards && C.contains("**"))
      return "'**' (any number of components) stands alone between '::'";
    for (char Ch : C) {
      if (Ch == ':')
        return "components are separated by '::', not ':'";
      if (Ch == '*' && !Wildcards)
        return "wildcards belong in rules; a boundary names one function";
      if (!isAlnum(Ch) && Ch != '_' && Ch != '~' && Ch != '*')
        return formatv("'{0}' cannot appear in a C++ name", Ch);
    }
    if (isDigit(C[0]))
      return "a name component does not start with a digit";
  }
  return "";
}

} // namespace

void FileParser::parseSpan(const Ref &Name, Node *N) {
  const std::string What = "span '" + Name.Name + "'";
  Span S;
  S.Name = Name.Name;
  S.Loc = Name.Loc;
  bool KindWritten = false;
  bool IsMapping = R.mapping(
      N, What, {"kind", "help", "attributes", "events"},
      [&](const Ref &Key, Node *V) {
        if (Key.Name == "kind") {
          KindWritten = true;
          S.Kind = SpanKind(R.oneOf(V, "the kind of " + What, spanKindNames(),
                                    checks::InvalidValue)
                                .value_or(unsigned(SpanKind::Internal)));
        } else if (Key.Name == "help") {
          S.Help = R.string(V, "'help' of " + What).value_or("");
        } else if (Key.Name == "attributes") {
          S.Attributes = parseFields(V, "span", Name.Name, "attribute");
        } else if (Key.Name == "events") {
          S.Events = R.stringList(V, "'events' of " + What)
                         .value_or(std::vector<Ref>());
        }
      });
  if (!IsMapping) {
    Out.Broken.push_back("span:" + Name.Name);
    return;
  }
  if (!KindWritten)
    R.reportMissing(Name.Loc, What, "kind");
  Out.Decls.Spans.push_back(std::move(S));
}

void FileParser::parseRule(Node *N) {
  const std::string What = "a rule";
  Rule Ru;
  Ru.Loc = R.locate(N);
  bool HasInclude = false;
  auto Patterns = [&](Node *V, StringRef Key) {
    std::vector<Ref> List = R.stringList(V, "'" + Key + "' of " + What)
                                .value_or(std::vector<Ref>());
    for (const Ref &P : List) {
      std::string Why = qualifiedNameError(P.Name, /*Wildcards=*/true);
      if (!Why.empty())
        R.diags().report(
            checks::RulePattern, P.Loc,
            formatv("pattern '{0}' is malformed: {1}", P.Name, Why));
    }
    return List;
  };
  bool IsMapping =
      R.mapping(N, What, {"include", "exclude", "span", "kind", "min_size"},
                [&](const Ref &Key, Node *V) {
                  if (Key.Name == "include") {
                    HasInclude = true;
                    Ru.Include = Patterns(V, "include");
                    if (Ru.Include.empty())
                      R.diags().report(checks::InvalidValue, Key.Loc,
                                       "'include' of a rule lists no patterns");
                  } else if (Key.Name == "exclude") {
                    Ru.Exclude = Patterns(V, "exclude");
                  } else if (Key.Name == "span") {
                    if (std::optional<std::string> Span =
                            R.string(V, "'span' of " + What))
                      Ru.Span = Ref{*Span, R.locate(V)};
                  } else if (Key.Name == "kind") {
                    if (std::optional<unsigned> Kind =
                            R.oneOf(V, "the kind of " + What, spanKindNames(),
                                    checks::InvalidValue)) {
                      Ru.Kind = SpanKind(*Kind);
                      Ru.KindLoc = Key.Loc;
                    }
                  } else if (Key.Name == "min_size") {
                    if (std::optional<uint64_t> Size =
                            R.count(V, "'min_size' of " + What))
                      Ru.MinSize = static_cast<unsigned>(
                          std::min<uint64_t>(*Size, UINT_MAX));
                  }
                });
  if (!IsMapping)
    return;
  if (!HasInclude) {
    R.reportMissing(Ru.Loc, What, "include");
    return;
  }
  Out.Decls.Rules.push_back(std::move(Ru));
}

void FileParser::parsePropagation(Node *N) {
  const std::string What = "a propagation boundary";
  PropagationBoundary B;
  B.Loc = R.locate(N);
  bool FunctionWritten = false, ArgWritten = false, Valid = true;
  bool IsMapping = R.mapping(
      N, What, {"function", "callable_arg"}, [&](const Ref &Key, Node *V) {
        if (Key.Name == "function") {
          FunctionWritten = true;
          std::optional<std::string> Function =
              R.string(V, "'function' of " + What);
          Valid &= Function.has_value();
          if (!Function)
            return;
          B.Function = *Function;
          B.Loc = R.locate(V);
          std::string Why = qualifiedNameError(*Function, /*Wildcards=*/false);
          if (!Why.empty()) {
            R.diags().report(checks::PropagationFunction, B.Loc,
                             formatv("'{0}' is not a qualified function name: "
                                     "{1}",
                                     *Function, Why));
            Valid = false;
          }
        } else if (Key.Name == "callable_arg") {
          ArgWritten = true;
          std::optional<uint64_t> Arg = R.count(V, "'callable_arg' of " + What);
          Valid &= Arg.has_value();
          if (Arg && *Arg > 255) {
            R.diags().report(checks::InvalidValue, R.locate(V),
                             "'callable_arg' is the 0-based index of an "
                             "argument; no function has that many");
            Valid = false;
          }
          B.CallableArg = static_cast<unsigned>(Arg.value_or(0));
        }
      });
  if (!IsMapping)
    return;
  if (!FunctionWritten)
    R.reportMissing(R.locate(N), What, "function");
  if (!ArgWritten)
    R.reportMissing(R.locate(N), What, "callable_arg");
  if (FunctionWritten && ArgWritten && Valid)
    Out.Decls.Propagation.push_back(std::move(B));
}

} // namespace schema
} // namespace telegen
