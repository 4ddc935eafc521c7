//===- UnmatchedRules.h - Rules that instrument nothing ---------*- C++ -*-===//
//
// A rule that instruments no function of its target is almost always a
// mistake: a misspelt pattern, functions all below the rule's min_size, or a
// library whose headers the build declares system headers, which telegen
// leaves alone. One translation unit cannot tell, so `telegen instrument
// --model FILE` records what each rule did, and `telegen check-rules` reads
// the models of all the sources of a target and reports here, saying why.
//
//===----------------------------------------------------------------------===//
#ifndef TELEGEN_INSTRUMENT_UNMATCHEDRULES_H
#define TELEGEN_INSTRUMENT_UNMATCHEDRULES_H

#include "Instrument/InstrumentModel.h"
#include "Schema/Model.h"
#include "Support/Diagnostic.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <vector>

namespace telegen {

/// "rule.unmatched": a rule that instruments no function of its target.
extern const CheckInfo UnmatchedRule;

/// What each of the Rules rules of the schema did in Model (from
/// parseModel()). ModelName names the file in errors.
llvm::Expected<std::vector<RuleUsage>>
ruleUsage(const llvm::json::Object &Model, llvm::StringRef ModelName,
          size_t Rules);

/// Adds From, what the rules did in one source, to Totals.
void addRuleUsage(std::vector<RuleUsage> &Totals,
                  const std::vector<RuleUsage> &From);

/// Reports each rule of Schema that instruments no function in the Sources
/// sources Totals sums up.
void checkRuleUsage(const schema::Model &Schema,
                    const std::vector<RuleUsage> &Totals, size_t Sources,
                    DiagnosticList &Diags);

} // namespace telegen

#endif
