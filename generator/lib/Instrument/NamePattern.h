//===- NamePattern.h - Qualified-name patterns of schema rules --*- C++ -*-===//
#ifndef TELEGEN_INSTRUMENT_NAMEPATTERN_H
#define TELEGEN_INSTRUMENT_NAMEPATTERN_H

#include "llvm/ADT/StringRef.h"

namespace telegen {

/// Whether a qualified name ("orders::Service::place") matches a rule's
/// pattern: components are separated by "::", '*' matches any characters
/// within one component and a "**" component any number of components
/// ("orders::**", "orders::*::place*").
bool matchesNamePattern(llvm::StringRef Pattern, llvm::StringRef Name);

/// The pattern of a name's last component ("place*" in
/// "orders::*::place*"), which a file must spell to define a match.
llvm::StringRef lastComponentPattern(llvm::StringRef Pattern);

/// Whether one component matches a pattern with '*' wildcards.
bool matchesComponentPattern(llvm::StringRef Pattern, llvm::StringRef Component);

} // namespace telegen

#endif
