//===- ViewText.h - Text shaped for generated code --------------*- C++ -*-===//
//
// What the view builders (MetricsView.cpp, EventsView.cpp) share: C++ string
// literals and comment lines made from schema text.
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

} // namespace generate
} // namespace telegen

#endif
