//===- SystemHeaderRules.h - Rules that match only system headers -*- C++
//-*-===//
//
// A rule that instruments nothing usually has a pattern that names no
// function. But a header-only library's include directory is often declared
// SYSTEM, and telegen leaves system headers alone: then the rule matches only
// there, and the user should be told so, and how to include them. For each
// rule that matched none of the project's functions in a translation unit,
// this counts the definitions in system headers it would have matched.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_SYSTEMHEADERRULES_H
#define TELEGEN_INSTRUMENT_SYSTEMHEADERRULES_H

#include "Instrument/InstrumentModel.h"
#include "Instrument/ProjectFiles.h"
#include "Schema/Model.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace telegen {

/// Fills InSystemHeaders (and the first such function) of the entries of
/// Usage, one per rule of Schema, whose rule matched no project code.
void countRuleMatchesInSystemHeaders(clang::ASTContext &AST,
                                     const schema::Model &Schema,
                                     const ProjectFiles &Files,
                                     std::vector<RuleUsage> &Usage);

} // namespace telegen

#endif
