//===- Template.h - Logic-less Mustache templates, checked -----*- C++ -*-===//
//
// Templates are Mustache with variables ({{name}}, {{.}}), sections
// ({{#list}}, {{#flag}}, {{^flag}}), partials ({{> name}}) and comments,
// nothing else: no lambdas, dotted names or delimiter changes. A template is
// parsed here with the location of every tag, checked against the shape of
// the view it renders (a name the view lacks is an error naming the
// template, line, column and name, never an empty output), then rendered by
// kainjow's Mustache without HTML escaping.
//
// Lines holding only a section tag, a comment or a partial are removed
// from the output, as the Mustache spec says, and a partial on a line of
// its own takes that line's indentation.
//
// Not thread-safe.
//
// Usage:
//   std::optional<Template> T = Template::parse(Text, "header", Files, Diags);
//   if (T && T->check({&RootShape}, Partials, Diags))
//     std::string Out = T->render({&RootData}, Partials);
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_TEMPLATE_H
#define TELEGEN_GENERATE_TEMPLATE_H

#include "Generate/ViewData.h"
#include "Support/Diagnostic.h"
#include "Support/SourceFiles.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace telegen {
namespace generate {

class Template;

/// A template's name: letters, digits, '_' and '-'. Its file is the name
/// with '.mustache', in its target's directory; partial tags name it.
bool isTemplateName(llvm::StringRef Name);

/// Finds the template a partial tag names; reports at UsedAt and returns
/// nullptr when there is none or it does not parse.
using PartialLookup = llvm::function_ref<const Template *(
    llvm::StringRef Name, const Location &UsedAt)>;

class Template {
public:
  /// Parses Text, which must lie in a buffer Files holds (findings point
  /// into it). Name is what partial tags call it. Reports syntax errors and
  /// returns nullopt.
  static std::optional<Template> parse(llvm::StringRef Text,
                                       llvm::StringRef Name,
                                       const SourceFiles &Files,
                                       DiagnosticList &Diags);

  llvm::StringRef name() const { return Name; }

  /// Checks every name the template and its partials use against the
  /// shapes of the context it renders in, innermost last (the module's
  /// view, then the item of a per-item output). Reports what is missing
  /// or misused; false when anything is.
  bool check(llvm::ArrayRef<const Shape *> Context, PartialLookup Partials,
             DiagnosticList &Diags) const;

  /// Renders with Context's data, innermost last. The template must have
  /// passed check() with the shapes of this data.
  std::string render(llvm::ArrayRef<const MustacheData *> Context,
                     PartialLookup Partials) const;

  struct Node {
    enum KindType {
      Text,
      Variable,
      Section,
      InvertedSection,
      Partial,
      /// Where a line of the template begins: a partial alone on its line
      /// indents each of its lines there.
      LineStart
    };
    KindType Kind = Text;
    /// Text: the text; otherwise the name in the tag.
    std::string Value;
    /// The tag; invalid for text.
    Location Loc;
    /// Sections: what they enclose.
    std::vector<Node> Children;
    /// Partials: whether the tag is alone on its line, and the line's
    /// indentation.
    bool Standalone = false;
    std::string Indent;
  };

private:
  class Checker;
  class Writer;

  std::string Name;
  std::vector<Node> Nodes;
};

} // namespace generate
} // namespace telegen

#endif
