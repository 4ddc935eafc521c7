//===- Template.cpp - Logic-less Mustache templates, checked --------------===//
//
// kainjow's Mustache differs from the spec in two ways that matter for
// generated code: a line left empty by a false or empty section is kept,
// and a partial's own line is not removed. So standalone lines are removed
// here, while parsing, and kainjow renders a rewritten template in which
// (a) tags use control characters as delimiters, so no text can be taken
// for a tag, and (b) every line starts with a sentinel character, so kainjow
// never judges a line empty and drops it. The sentinels are taken out of
// the result.
//
//===----------------------------------------------------------------------===//
#include "Generate/Template.h"

#include "Generate/GenerateCatalog.h"
#include "Support/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <sstream>
#include <tuple>

using namespace llvm;

namespace telegen {
namespace generate {
namespace {

using Node = Template::Node;

// The rewritten template's tag delimiters and line sentinel: control
// characters, which neither templates nor view data contain.
constexpr char TagOpen = '\x01';
constexpr char TagClose = '\x02';
constexpr char LineSentinel = '\x03';

bool isBlank(StringRef Text) {
  return all_of(Text, [](char C) { return C == ' ' || C == '\t'; });
}

bool isName(StringRef Name) {
  return !Name.empty() && !isDigit(Name.front()) &&
         all_of(Name, [](char C) { return isAlnum(C) || C == '_'; });
}

class Parser {
public:
  Parser(StringRef Text, const SourceFiles &Files, DiagnosticList &Diags)
      : Text(Text), Files(Files), Diags(Diags) {}

  std::optional<std::vector<Node>> parse() {
    for (size_t I = 0; I < Text.size(); ++I) {
      unsigned char C = Text[I];
      if ((C < 0x20 && C != '\t' && C != '\n' && C != '\r') || C == 0x7f) {
        fail(I, I + 1,
             formatv("a template is text; byte 0x{0} is a control character",
                     utohexstr(C, /*LowerCase=*/true, /*Width=*/2)));
        return std::nullopt;
      }
    }
    size_t Pos = 0;
    while (Pos < Text.size()) {
      size_t TagBegin = Text.find("{{", Pos);
      if (TagBegin == StringRef::npos) {
        addText(Text.substr(Pos));
        break;
      }
      if (!tag(TagBegin, Pos))
        return std::nullopt;
    }
    if (!Open.empty()) {
      const Node &Section = *Open.back();
      Diags.report(checks::TemplateSyntax, Section.Loc,
                   formatv("section '{0}' is never closed", Section.Value));
      return std::nullopt;
    }
    return std::move(Root);
  }

private:
  Location locate(size_t Begin, size_t End) const {
    return Files.locate(SMRange(SMLoc::getFromPointer(Text.data() + Begin),
                                SMLoc::getFromPointer(Text.data() + End)));
  }

  bool fail(size_t Begin, size_t End, const Twine &Message) {
    Diags.report(checks::TemplateSyntax, locate(Begin, End), Message);
    return false;
  }

  std::vector<Node> &current() {
    return Open.empty() ? Root : Open.back()->Children;
  }

  /// Adds text, marking where its lines begin.
  void addText(StringRef Piece) {
    while (!Piece.empty()) {
      startLine();
      size_t End = Piece.find('\n');
      StringRef Line =
          End == StringRef::npos ? Piece : Piece.take_front(End + 1);
      std::vector<Node> &Nodes = current();
      if (!Nodes.empty() && Nodes.back().Kind == Node::Text)
        Nodes.back().Value += Line;
      else
        Nodes.push_back(node(Node::Text, Line, Location()));
      AtLineStart = Line.ends_with("\n");
      Piece = Piece.drop_front(Line.size());
    }
  }

  /// Marks the beginning of a line, before the first thing on it.
  void startLine() {
    if (AtLineStart)
      current().push_back(node(Node::LineStart, "", Location()));
    AtLineStart = false;
  }

  static Node node(Node::KindType Kind, StringRef Value, const Location &Loc) {
    Node N;
    N.Kind = Kind;
    N.Value = Value.str();
    N.Loc = Loc;
    return N;
  }

  /// Reads the tag at TagBegin and the text before it since Pos; moves Pos
  /// past the tag (and past its line, when the tag stands alone on it).
  bool tag(size_t TagBegin, size_t &Pos) {
    bool Triple = Text.substr(TagBegin).starts_with("{{{");
    StringRef Closer = Triple ? "}}}" : "}}";
    size_t ContentBegin = TagBegin + Closer.size();
    size_t CloseAt = Text.find(Closer, ContentBegin);
    if (CloseAt == StringRef::npos)
      return fail(TagBegin, ContentBegin, "this tag is never closed");
    size_t TagEnd = CloseAt + Closer.size();
    StringRef Content = Text.slice(ContentBegin, CloseAt).trim();
    char Sigil = Triple ? '&' : 0;
    if (!Triple && !Content.empty() &&
        StringRef("#^/>!&=").contains(Content.front())) {
      Sigil = Content.front();
      Content = Content.drop_front().trim();
    }
    if (Sigil != '!' && Text.slice(TagBegin, TagEnd).contains('\n'))
      return fail(TagBegin, ContentBegin,
                  "a tag ends on the line it starts on");

    // A section tag, comment or partial alone on its line takes the line
    // with it.
    size_t LineStart = Text.rfind('\n', TagBegin);
    LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
    size_t LineEnd = std::min(Text.find('\n', TagEnd), Text.size());
    bool Standalone = Sigil != 0 && StringRef("#^/!>").contains(Sigil) &&
                      isBlank(Text.slice(LineStart, TagBegin)) &&
                      isBlank(Text.slice(TagEnd, LineEnd).rtrim('\r'));
    if (Standalone) {
      addText(Text.slice(Pos, LineStart));
      Pos = std::min(LineEnd + 1, Text.size());
    } else {
      addText(Text.slice(Pos, TagBegin));
      Pos = TagEnd;
    }

    Location Loc = locate(TagBegin, TagEnd);
    switch (Sigil) {
    case '!':
      return true;
    case '=':
      return fail(TagBegin, TagEnd,
                  "templates keep the default delimiters; changing them "
                  "is not supported");
    case '>':
      if (!isTemplateName(Content))
        return fail(TagBegin, TagEnd,
                    formatv("'{0}' is not a partial's name: name a template "
                            "of the same target, without '.mustache'",
                            Content));
      if (!Standalone)
        startLine();
      current().push_back(node(Node::Partial, Content, Loc));
      if (Standalone) {
        current().back().Standalone = true;
        current().back().Indent = Text.slice(LineStart, TagBegin).str();
      }
      return true;
    case '/':
      return closeSection(Content, TagBegin, TagEnd);
    default:
      break;
    }
    bool IsVariable = Sigil == 0 || Sigil == '&';
    if (!isName(Content) && !(IsVariable && Content == "."))
      return fail(TagBegin, TagEnd,
                  Content.contains('.')
                      ? formatv("'{0}' is not a name: dotted names are not "
                                "supported; open a section instead",
                                Content)
                      : formatv("'{0}' is not a name: names are letters, "
                                "digits and '_', or '.' for the current item",
                                Content));
    if (!Standalone)
      startLine();
    if (IsVariable) {
      current().push_back(node(Node::Variable, Content, Loc));
      return true;
    }
    current().push_back(node(
        Sigil == '#' ? Node::Section : Node::InvertedSection, Content, Loc));
    Open.push_back(&current().back());
    return true;
  }

  bool closeSection(StringRef Name, size_t TagBegin, size_t TagEnd) {
    if (Open.empty())
      return fail(TagBegin, TagEnd,
                  formatv("closing tag '{0}' ends no section", Name));
    const Node &Section = *Open.back();
    if (Section.Value != Name) {
      Diags
          .report(checks::TemplateSyntax, locate(TagBegin, TagEnd),
                  formatv("closing tag '{0}' would end section '{1}'; "
                          "close '{1}' first",
                          Name, Section.Value))
          .note(Section.Loc,
                formatv("section '{0}' opens here", Section.Value));
      return false;
    }
    Open.pop_back();
    return true;
  }

  StringRef Text;
  const SourceFiles &Files;
  DiagnosticList &Diags;
  std::vector<Node> Root;
  /// Whether what comes next begins a line of the template.
  bool AtLineStart = true;
  /// The sections open at the current position, outermost first. Each is
  /// the last node of its parent, which grows only once it is closed.
  std::vector<Node *> Open;
};

/// How a shape reads in findings.
StringRef describe(const Shape &S) {
  switch (S.Kind) {
  case Shape::Value:
    return "a value";
  case Shape::Flag:
    return "a flag";
  case Shape::List:
    return "a list";
  case Shape::Object:
    return "a group of named values";
  }
  llvm_unreachable("unknown shape");
}

} // namespace

bool isTemplateName(StringRef Name) {
  return !Name.empty() && all_of(Name, [](char C) {
    return isAlnum(C) || C == '_' || C == '-';
  });
}

std::optional<Template> Template::parse(StringRef Text, StringRef Name,
                                        const SourceFiles &Files,
                                        DiagnosticList &Diags) {
  std::optional<std::vector<Node>> Nodes = Parser(Text, Files, Diags).parse();
  if (!Nodes)
    return std::nullopt;
  Template T;
  T.Name = Name.str();
  T.Nodes = std::move(*Nodes);
  return T;
}

/// Walks a template as it would render, with shapes in place of data.
class Template::Checker {
public:
  Checker(PartialLookup Partials, DiagnosticList &Diags)
      : Partials(Partials), Diags(Diags) {}

  bool run(const Template &T, std::vector<const Shape *> &Stack) {
    Including.push_back(T.Name);
    nodes(T.Nodes, Stack);
    Including.pop_back();
    return Ok;
  }

private:
  void nodes(const std::vector<Node> &Nodes,
             std::vector<const Shape *> &Stack) {
    for (const Node &N : Nodes) {
      switch (N.Kind) {
      case Node::Text:
      case Node::LineStart:
        break;
      case Node::Variable:
        variable(N, Stack);
        break;
      case Node::Section:
      case Node::InvertedSection:
        section(N, Stack);
        break;
      case Node::Partial:
        partial(N, Stack);
        break;
      }
    }
  }

  void variable(const Node &N, const std::vector<const Shape *> &Stack) {
    if (N.Value == ".") {
      if (Stack.back()->Kind != Shape::Value)
        report(N, formatv("'.' is the current item of a list of values; "
                          "here the current item is {0}",
                          describe(*Stack.back())));
      return;
    }
    const Shape *S = lookup(N, Stack);
    if (!S || S->Kind == Shape::Value)
      return;
    report(N, formatv("'{0}' is {1}, not a value; open it as a section",
                      N.Value, describe(*S)));
  }

  void section(const Node &N, std::vector<const Shape *> &Stack) {
    const Shape *S = lookup(N, Stack);
    if (!S) {
      // Check what the section holds all the same, for its own findings.
      nodes(N.Children, Stack);
      return;
    }
    bool Inverted = N.Kind == Node::InvertedSection;
    if (S->Kind == Shape::Value || (Inverted && S->Kind == Shape::Object)) {
      report(N, formatv("'{0}' is {1}; sections take a list or a flag", N.Value,
                        describe(*S)));
      return;
    }
    // An inverted section renders when there is nothing to enter.
    const Shape *Entered = Inverted                   ? nullptr
                           : S->Kind == Shape::List   ? S->Element.get()
                           : S->Kind == Shape::Object ? S
                                                      : nullptr;
    if (Entered)
      Stack.push_back(Entered);
    nodes(N.Children, Stack);
    if (Entered)
      Stack.pop_back();
  }

  void partial(const Node &N, std::vector<const Shape *> &Stack) {
    if (is_contained(Including, N.Value)) {
      report(N, formatv("partial '{0}' includes itself", N.Value),
             checks::TemplateSyntax);
      return;
    }
    const Template *P = Partials(N.Value, N.Loc);
    if (!P) {
      Ok = false;
      return;
    }
    run(*P, Stack);
  }

  /// What Name finds, innermost first, as kainjow looks it up; reported
  /// when nothing.
  const Shape *lookup(const Node &N, const std::vector<const Shape *> &Stack) {
    std::vector<StringRef> Visible;
    for (const Shape *S : llvm::reverse(Stack)) {
      auto It = S->Fields.find(N.Value);
      if (It != S->Fields.end())
        return &It->second;
      for (const auto &Field : S->Fields)
        Visible.push_back(Field.first);
    }
    StringRef Suggestion = closestSpelling(N.Value, Visible);
    std::string Message =
        formatv("the view has no value named '{0}' here", N.Value);
    if (!Suggestion.empty())
      Message += formatv("; did you mean '{0}'?", Suggestion).str();
    else
      Message += " (docs/generate.md lists the view's fields)";
    report(N, Message, checks::TemplateMissingValue, Suggestion);
    return nullptr;
  }

  void report(const Node &N, const Twine &Message,
              const CheckInfo &Check = checks::TemplateMissingValue,
              StringRef FixIt = "") {
    Ok = false;
    // A partial included from several places is checked in each.
    if (!Reported.insert({N.Loc.File, N.Loc.Line, N.Loc.Column, Message.str()})
             .second)
      return;
    auto D = Diags.report(Check, N.Loc, Message);
    if (!FixIt.empty())
      D.fixIt(FixIt);
  }

  PartialLookup Partials;
  DiagnosticList &Diags;
  bool Ok = true;
  /// The template and the partials being checked, outermost first.
  std::vector<std::string> Including;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Reported;
};

bool Template::check(ArrayRef<const Shape *> Context, PartialLookup Partials,
                     DiagnosticList &Diags) const {
  std::vector<const Shape *> Stack(Context.begin(), Context.end());
  return Checker(Partials, Diags).run(*this, Stack);
}

/// Writes a template as kainjow reads it (see the top of this file).
class Template::Writer {
public:
  explicit Writer(PartialLookup Partials) : Partials(Partials) {}

  /// Writes Nodes, each line they begin indented by Indent.
  void write(const std::vector<Node> &Nodes, const std::string &Indent,
             std::string &Out) {
    for (const Node &N : Nodes) {
      switch (N.Kind) {
      case Node::LineStart:
        Out += Indent;
        break;
      case Node::Text:
        for (char C : N.Value) {
          Out += C;
          if (C == '\n')
            Out += LineSentinel;
        }
        break;
      case Node::Variable:
        Out += std::string{TagOpen, '&'} + N.Value + TagClose;
        break;
      case Node::Section:
      case Node::InvertedSection:
        Out += std::string{TagOpen, N.Kind == Node::Section ? '#' : '^'} +
               N.Value + TagClose;
        write(N.Children, Indent, Out);
        Out += std::string{TagOpen, '/'} + N.Value + TagClose;
        break;
      case Node::Partial:
        // Alone on its line, a partial's lines take the line's indentation
        // (as the spec says: the partial is indented, then rendered).
        write(Partials(N.Value, N.Loc)->Nodes,
              N.Standalone ? Indent + N.Indent : "", Out);
        break;
      }
    }
  }

private:
  PartialLookup Partials;
};

std::string Template::render(ArrayRef<const MustacheData *> Context,
                             PartialLookup Partials) const {
  std::string Text =
      std::string("{{=") + TagOpen + " " + TagClose + "=}}" + LineSentinel;
  Writer(Partials).write(Nodes, "", Text);

  kainjow::mustache::mustache Mustache(Text);
  if (!Mustache.is_valid())
    report_fatal_error(Twine("telegen: template '") + Name +
                       "' was rewritten into one kainjow cannot parse: " +
                       Mustache.error_message());
  // Values are C++ (or other targets') text, shaped as such in the view.
  Mustache.set_custom_escape([](const std::string &S) { return S; });
  kainjow::mustache::context<std::string> Data;
  for (const MustacheData *D : Context)
    Data.push(D);
  std::ostringstream Stream;
  Mustache.render(Data, Stream);
  std::string Out = Stream.str();
  Out.erase(std::remove(Out.begin(), Out.end(), LineSentinel), Out.end());
  return Out;
}

} // namespace generate
} // namespace telegen
