//===- ViewText.h - Text shaped for generated code --------------*- C++ -*-===//
//
// What the view builders share: C++ string literals and comment lines made
// from schema text; YAML and JSON strings and Markdown table cells for the
// operations targets.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_GENERATE_VIEWTEXT_H
#define TELEGEN_GENERATE_VIEWTEXT_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace telegen {
namespace generate {

/// Text as a C++ string literal, quotes included.
std::string cppLiteral(llvm::StringRef Text);

/// Help text as '// ' lines; empty without help. A line ending in a
/// backslash would continue the comment onto the next line of code, so
/// trailing backslashes go.
std::vector<std::string> commentLines(llvm::StringRef Help);

/// Text as a YAML scalar that reads back as the same string: single-quoted,
/// or double-quoted with escapes when it holds line breaks or control
/// characters.
std::string yamlString(llvm::StringRef Text);

/// Text as a JSON string, quotes included.
std::string jsonString(llvm::StringRef Text);

/// Text for one cell of a Markdown table: '|' escaped, lines joined.
std::string markdownCell(llvm::StringRef Text);

} // namespace generate
} // namespace telegen

#endif
